import { useEffect, useState } from 'react'
import type { IngestProgress } from '../../../shared/contract'
import { queryClient, useQuery } from '../api/query'

/** Shows a long ingest pass (the first read of a big history, an added folder) as it runs. */
export function ProgressBanner() {
  const settings = useQuery('settings', {})
  const [p, setP] = useState<IngestProgress | null>(null)
  useEffect(() => queryClient().api.on('ingest-progress', (d) => setP(d.done ? null : d)), [])
  const shown = p ?? settings.data?.ingest ?? null
  if (!shown) return null
  const ratio = shown.bytesTotal > 0 ? shown.bytesDone / shown.bytesTotal : 0
  return (
    <div className="progress-banner" role="status" aria-live="polite">
      Reading your transcripts: {shown.filesDone.toLocaleString()} of {shown.filesTotal.toLocaleString()}{' '}
      files ({Math.round(ratio * 100)}%). Numbers fill in as they are read.
      <progress max={1} value={ratio} aria-label="Ingest progress" />
    </div>
  )
}
