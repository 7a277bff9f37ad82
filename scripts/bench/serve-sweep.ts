import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { percentiles } from '../../electron/core/metrics/common'
import { serveReady } from '../../tests/helpers/serve-ready'
import type { SweepRequest } from './query-table'

/** VmRSS and VmHWM (peak RSS) of a process, in MB, from /proc (Linux only). */
export function procRss(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
  } catch {
    return null
  }
}

export const SERVE_TOKEN = 'bench-serve-token-0123456789abcd' // 32 characters

/** Starts `observatory serve` on a free port over the bench store and only the corpus roots. */
export function spawnServe(opts: { cli: string; repo: string; db: string; roots: string[] }): {
  child: ChildProcessWithoutNullStreams
  token: string
} {
  const args = ['serve', '--port', '0', '--token', SERVE_TOKEN, '--db', opts.db]
  const child = spawn(process.execPath, [opts.cli, ...args, ...opts.roots.flatMap((r) => ['--root', r])], {
    // Only the corpus roots: no default root of the machine the bench runs on.
    env: { ...process.env, CLAUDE_CONFIG_DIR: join(opts.repo, '.bench', 'none') },
  })
  return { child, token: SERVE_TOKEN }
}

/**
 * `observatory serve` over the bench store and the corpus roots: once it is ready, POSTs every request
 * of the sweep over HTTP, then reads the server's RSS and peak RSS.
 */
export async function serveSweep(opts: {
  cli: string
  repo: string
  db: string
  roots: string[]
  requests: SweepRequest[]
}): Promise<string[]> {
  const t0 = performance.now()
  const { child, token } = spawnServe(opts)
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
  try {
    const base = await serveReady(child)
    const readyMs = performance.now() - t0
    const atReady = procRss(child.pid!)
    const lat: number[] = []
    let failed = 0
    const t1 = performance.now()
    for (const r of opts.requests) {
      const t = performance.now()
      const res = await fetch(`${base}api/${r.name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(r.args),
      })
      const body = (await res.json()) as { ok: boolean; error?: { code: string } }
      lat.push(performance.now() - t)
      if (!body.ok && body.error?.code !== 'invalid_arguments') failed++
    }
    const sweepMs = performance.now() - t1
    const after = procRss(child.pid!)
    const p = percentiles(lat)
    const mb = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(0))
    return [
      `serve: ready in ${(readyMs / 1000).toFixed(1)} s (no-op catch-up pass over the bench store), RSS ${mb(atReady?.rss)} MB`,
      `serve: ${opts.requests.length} requests over HTTP in ${(sweepMs / 1000).toFixed(1)} s ` +
        `(p50 ${p.p50!.toFixed(0)} ms, p95 ${p.p95!.toFixed(0)} ms, max ${Math.max(...lat).toFixed(0)} ms${failed ? `, ${failed} FAILED` : ''})`,
      after
        ? `serve RSS after the sweep: VmRSS ${mb(after.rss)} MB, VmHWM (peak) ${mb(after.hwm)} MB`
        : 'serve RSS after the sweep: unknown (no /proc)',
    ]
  } catch (err) {
    return [`serve: failed: ${(err as Error).message}; stderr: ${stderr.trim()}`]
  } finally {
    child.kill('SIGTERM')
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r))
  }
}
