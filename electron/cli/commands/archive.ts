import { archiveDirFor, archiveNewBytes, archiveSize, restoreArchive } from '../../core/archive/archive'
import type { Core } from '../../core/open-core'

/**
 * `observatory archive`: brings the transcript archive up to date with what the store has read
 * (the app does this after each pass when Settings → Data → archive is on); `--restore DIR` unpacks it
 * into one folder per source, each readable as a source again.
 */
export async function runArchive(
  core: Core,
  restoreTo: string | undefined,
): Promise<{
  folder: string
  files: number
  bytes: number
  copied: number
  restored: string[]
  errors: string[]
}> {
  const folder = archiveDirFor(core.dbPath)
  const run = await archiveNewBytes(core.db, folder)
  const restored = restoreTo ? await restoreArchive(core.db, folder, restoreTo) : []
  return { folder, ...(await archiveSize(folder)), copied: run.files, restored, errors: run.errors }
}
