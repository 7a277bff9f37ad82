import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ExportError } from './collect'

/**
 * What happens when the destination exists: `replace` it (CLI `--force`, the desktop dialog asked),
 * `refuse`, or write under the first free `name-2.ext`, `name-3.ext` … (`unique`).
 */
export type ExistingFile = 'replace' | 'refuse' | 'unique'

export interface DestinationRules {
  existing: ExistingFile
  /** The store's file: an export never replaces it, its `-wal`, `-shm` or `-journal`. */
  storePath?: string
  /** Added to the "already exists" message (the CLI names `--force`). */
  existsHint?: string
}

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p)
  } catch {
    return null
  }
}

/** The real path of `p` when it exists, else its folder's real path joined with its name. */
function realOrBeside(p: string): string {
  try {
    return realpathSync.native(p)
  } catch {
    try {
      return join(realpathSync.native(dirname(p)), basename(p))
    } catch {
      return resolve(p)
    }
  }
}

/** Whether two real paths name the same file: macOS and Windows file systems ignore case by default. */
export function samePath(a: string, b: string, platform = process.platform): boolean {
  return platform === 'darwin' || platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b
}

function checkNotStore(out: string, target: Stats | null, storePath: string | undefined): void {
  if (!storePath || storePath === ':memory:' || storePath === '') return
  const store = resolve(storePath)
  const realOut = realOrBeside(out)
  for (const f of [store, `${store}-wal`, `${store}-shm`, `${store}-journal`]) {
    const same = samePath(realOrBeside(f), realOut)
    // A hard link (or a path the real-path comparison cannot see through) is the same inode.
    let st: Stats | null = null
    try {
      st = statSync(f)
    } catch {
      /* not there */
    }
    const sameInode = target !== null && st !== null && st.dev === target.dev && st.ino === target.ino
    if (same || sameInode)
      throw new ExportError(`${out} is Observatory's own store (${f}); choose another file for the export`)
  }
}

/**
 * Checks an export destination before anything is written: an absolute path in an existing folder,
 * not a folder itself, not a symbolic link (exports never write through one), not the store or its
 * side files, and not an existing file unless `existing` allows it. Throws ExportError saying why.
 */
export function checkDestination(out: string, rules: DestinationRules): void {
  if (out.includes('\0')) throw new ExportError('the export path contains a NUL character')
  if (!isAbsolute(out)) throw new ExportError(`the export path must be absolute, got ${out}`)
  const dir = dirname(out)
  let folder: Stats | undefined
  try {
    folder = statSync(dir)
  } catch {
    /* reported below */
  }
  if (!folder) throw new ExportError(`the folder ${dir} does not exist`)
  if (!folder.isDirectory()) throw new ExportError(`${dir} is not a folder`)
  const target = lstatOrNull(out)
  if (rules.existing === 'unique' && target) return // another name is chosen when writing
  if (target?.isSymbolicLink())
    throw new ExportError(`${out} is a symbolic link; exports never write through one, choose another name`)
  if (target?.isDirectory()) throw new ExportError(`${out} is a folder; give a file name for the export`)
  if (target && !target.isFile()) throw new ExportError(`${out} is not a regular file`)
  checkNotStore(out, target, rules.storePath)
  if (target && rules.existing === 'refuse')
    throw new ExportError(`${out} already exists${rules.existsHint ? `; ${rules.existsHint}` : ''}`)
}

/** Whether `child` is `parent` or below it (both real, absolute paths). */
function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * An export path requested over HTTP, confined to the export folder: a path relative to it or an
 * absolute path inside it; `..` segments are refused, and so is a path whose deepest existing
 * ancestor really lies elsewhere (a symbolic link that leads out). Returns the absolute path.
 */
export function confineToFolder(path: string, folder: string): string {
  if (path.includes('\0')) throw new ExportError('the export path contains a NUL character')
  if (path.split(/[\\/]/).includes('..'))
    throw new ExportError(`the export path may not contain "..": ${path}`)
  const realFolder = (() => {
    try {
      return realpathSync.native(folder)
    } catch {
      throw new ExportError(`the export folder ${folder} does not exist`)
    }
  })()
  const out = isAbsolute(path) ? resolve(path) : resolve(folder, path)
  const outside = () =>
    new ExportError(`exports are written only inside the export folder ${folder}; ${path} is outside it`)
  if (!isInside(resolve(folder), out) && !isInside(realFolder, out)) throw outside()
  let probe = out
  while (!lstatOrNull(probe)) {
    const up = dirname(probe)
    if (up === probe) break
    probe = up
  }
  let real: string
  try {
    real = realpathSync.native(probe)
  } catch {
    throw outside() // a dangling link
  }
  if (!isInside(realFolder, real) || (probe === out && real === realFolder)) throw outside()
  return out
}
