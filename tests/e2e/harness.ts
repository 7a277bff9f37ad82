import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join, resolve } from 'node:path'
import { serveReady } from '../helpers/serve-ready'

export const ROOT = resolve(__dirname, '../..')
const BIN = join(ROOT, 'scripts/cli-bin/observatory.mjs')

/** Builds the CLI and the dashboard (out/renderer) that `serve` hands out. */
export function buildAll(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT })
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'ignore',
  })
}

export interface Served {
  base: string
  token: string
  child: ChildProcess
  /** POST /api/<name> with the token; returns the value or throws the error. */
  call<T>(name: string, args?: object): Promise<T>
  stop(): void
}

/** `observatory serve` over the given root, resolved once it has read everything. */
export async function serve(
  root: string,
  db: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<Served> {
  const token = `e2e-${randomUUID()}`
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--token', token, '--root', root, '--db', db],
    {
      env: {
        ...process.env,
        HOME: dir, // exports without a path go to <dir>/Downloads, never the real home
        CLAUDE_CONFIG_DIR: join(dir, 'none'),
        OBSERVATORY_PRICES: join(dir, 'prices.json'),
        TZ: 'UTC',
        ...env,
      },
    },
  )
  const base = await serveReady(child)
  return {
    base,
    token,
    child,
    async call<T>(name: string, args: object = {}) {
      const r = await fetch(`${base}api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      })
      const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } }
      if (!body.ok) throw new Error(body.error!.message)
      return body.value
    },
    stop: () => void child.kill('SIGTERM'),
  }
}
