import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Api, dataChanged } from '../../core/api/api'
import { ApiServer, isLoopback, newToken } from '../../core/api/server'
import { LiveIngest } from '../../core/ingest/live'
import type { CoreContext } from '../context'
import { rootSpecs } from '../context'
import { UsageError } from '../usage-error'

export interface ServeFlags {
  port: number
  host: string
  token?: string
  allowRemote: boolean
  root: string[]
  sourceLabel?: string
}

/** Rejects a non-loopback host (unless asked for explicitly) and a bad port, before anything opens. */
export function checkServeFlags(flags: Pick<ServeFlags, 'host' | 'port' | 'allowRemote'>): void {
  if (!isLoopback(flags.host) && !flags.allowRemote)
    throw new UsageError(
      `refusing to listen on ${flags.host}: that exposes your usage data to the network; pass --allow-remote to do it anyway`,
    )
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${flags.port}`)
}

/**
 * `observatory serve`: ingest, watch, and serve the contract over HTTP with a token, pushing a
 * data-changed event after each pass that read something. Resolves when the process is told to stop.
 */
export async function runServe(
  core: CoreContext,
  flags: ServeFlags,
  out: (line: string) => void,
): Promise<void> {
  checkServeFlags(flags)
  const token = flags.token ?? process.env.OBSERVATORY_TOKEN ?? newToken()
  const specs = rootSpecs(flags.root, flags.sourceLabel)
  await core.ingestor.ingest(specs)
  const api = new Api(core.db, Date.now, (msg) => process.stderr.write(`${msg}\n`))
  const staticDir = join(import.meta.dirname, '..', 'renderer')
  const server = new ApiServer(api, {
    port: flags.port,
    host: flags.host,
    token,
    staticDir: existsSync(staticDir) ? staticDir : undefined,
  })
  const live = new LiveIngest(core.ingestor, specs, {
    onPass: (s) => {
      const data = dataChanged(s)
      if (!data) return
      api.invalidate()
      server.push('data-changed', data)
    },
    onError: (err) => process.stderr.write(`live ingest failed: ${(err as Error).message}\n`),
  })
  const { url } = await server.listen()
  await live.start()
  out(`Observatory is serving ${url}#token=${token}`)
  out(
    `API: curl -X POST -H 'Authorization: Bearer ${token}' -d '{"range":{"preset":"7d"}}' ${url}api/summary`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await live.stop()
  await server.close()
}
