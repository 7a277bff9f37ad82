import { useEffect, useState } from 'react'
import { queryClient } from '../api/query'

/**
 * Drag-in of log folders: dropping a folder anywhere on the window adds it as a source (a ~/.claude
 * copy, a projects/ folder or a folder of .jsonl files); it is read with progress and deduplicated
 * against what is stored. The desktop app knows dropped paths; a browser does not, so it says so.
 */
export function DropFolder() {
  const [over, setOver] = useState(false)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    const api = queryClient().api
    const onOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return
      e.preventDefault()
      setOver(true)
    }
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false)
    }
    const onDrop = async (e: DragEvent) => {
      e.preventDefault()
      setOver(false)
      const file = e.dataTransfer?.files[0]
      if (!file) return
      if (!api.pathForFile) {
        setMsg({
          ok: false,
          text: 'Dropping folders works in the desktop app; here, add the folder in Settings.',
        })
        return
      }
      const path = api.pathForFile(file)
      const r = await api.call('addSource', { path, watch: false })
      setMsg(r.ok ? { ok: true, text: `Importing ${path}…` } : { ok: false, text: r.error.message })
      if (r.ok) queryClient().invalidate()
    }
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    const drop = (e: DragEvent) => void onDrop(e)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', drop)
    }
  }, [])
  return (
    <>
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a folder of Claude Code transcripts to import it
        </div>
      )}
      {msg && (
        <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'note' : 'state error'}>
          {msg.text}{' '}
          <button type="button" onClick={() => setMsg(null)}>
            Dismiss
          </button>
        </p>
      )}
    </>
  )
}
