import { existsSync } from 'node:fs'
import { homedir, hostname } from 'node:os'
import { join } from 'node:path'

export interface Env {
  [k: string]: string | undefined
}

/**
 * Default transcript roots, in order: every entry of CLAUDE_CONFIG_DIR (comma-separated),
 * ~/.config/claude, ~/.claude, and on Windows %USERPROFILE%\.claude. Callers deduplicate by real path.
 */
export function defaultRoots(
  env: Env = process.env,
  home = homedir(),
  platform = process.platform,
): string[] {
  const roots: string[] = []
  for (const p of (env.CLAUDE_CONFIG_DIR ?? '').split(',')) if (p.trim()) roots.push(p.trim())
  roots.push(join(home, '.config', 'claude'), join(home, '.claude'))
  if (platform === 'win32' && env.USERPROFILE) roots.push(join(env.USERPROFILE, '.claude'))
  return roots
}

/** The default roots present on this machine: absent ones are not problems worth a warning. */
export function existingDefaultRoots(): string[] {
  return defaultRoots().filter((p) => existsSync(p))
}

/** The app's data folder: the same one Electron's `app.getPath('userData')` gives for "Observatory". */
export function appDataDir(env: Env = process.env, home = homedir(), platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Observatory')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Observatory')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Observatory')
}

export function defaultDbPath(env: Env = process.env): string {
  return env.OBSERVATORY_DB ?? join(appDataDir(env), 'observatory.db')
}

export function defaultSourceLabel(): string {
  return hostname()
}
