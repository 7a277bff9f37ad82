import { randomBytes } from 'node:crypto'
import { closeSync, linkSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { ExportError } from './collect'
import type { ExistingFile } from './destination'

/** `name.ext`, then `name-2.ext`, `name-3.ext` … (only the first for `replace` and `refuse`). */
function* candidates(out: string, existing: ExistingFile): Generator<string> {
  yield out
  if (existing !== 'unique') return
  const ext = extname(out)
  const stem = out.slice(0, out.length - ext.length)
  for (let i = 2; i <= 10_000; i++) yield `${stem}-${i}${ext}`
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'])

function fsMessage(err: unknown, out: string): ExportError {
  const e = err as NodeJS.ErrnoException
  return new ExportError(`cannot write ${out}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '))
}

/**
 * Writes `body` to a temporary file beside `out`, created exclusively (`wx`: never through a link
 * planted at that name) under a random name, then moves it into place: renamed over `out` for
 * `replace` (a link at `out` is replaced, never followed), else hard-linked to the first free name,
 * which fails rather than overwrite a file that appeared meanwhile. Returns the path written.
 */
export function writeFileAtomic(out: string, body: Buffer, existing: ExistingFile): string {
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(8).toString('hex')}.tmp`)
  let fd: number
  try {
    fd = openSync(tmp, 'wx')
  } catch (err) {
    throw fsMessage(err, out)
  }
  try {
    try {
      for (let off = 0; off < body.length;) off += writeSync(fd, body, off)
    } finally {
      closeSync(fd)
    }
    if (existing === 'replace') {
      renameSync(tmp, out)
      return out
    }
    for (const name of candidates(out, existing)) {
      try {
        linkSync(tmp, name)
        return name
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? ''
        if (code === 'EEXIST') {
          if (existing === 'unique') continue
          throw new ExportError(`${name} already exists`)
        }
        if (!NO_HARD_LINKS.has(code)) throw err
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (lstatSync(name, { throwIfNoEntry: false })) {
          if (existing === 'unique') continue
          throw new ExportError(`${name} already exists`)
        }
        renameSync(tmp, name)
        return name
      }
    }
    throw new ExportError(`no free file name beside ${out}`)
  } catch (err) {
    throw err instanceof ExportError ? err : fsMessage(err, out)
  } finally {
    rmSync(tmp, { force: true })
  }
}
