import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ApiServer, isLoopback, MIN_TOKEN_LENGTH, newToken } from '../../core/api/server'
import { CoreHost } from '../../core/host'
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

/** The token given with `--token` or `OBSERVATORY_TOKEN`, if any (an empty one counts, and is refused). */
function givenToken(flags: Pick<ServeFlags, 'token'>): string | undefined {
  return flags.token ?? process.env.OBSERVATORY_TOKEN
}

/**
 * Rejects a non-loopback host (unless asked for explicitly), a bad port and a short token, before
 * anything opens.
 */
export function checkServeFlags(flags: Pick<ServeFlags, 'host' | 'port' | 'allowRemote' | 'token'>): void {
  const token = givenToken(flags)
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new UsageError(
      `the token (--token or OBSERVATORY_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}; leave it out to get a random one`,
    )
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
  const token = givenToken(flags) ?? newToken()
  const staticDir = join(import.meta.dirname, '..', 'renderer')
  const host = new CoreHost(core, {
    cliRoots: flags.root.length || flags.sourceLabel ? rootSpecs(flags.root, flags.sourceLabel) : undefined,
    log: (level, msg) => {
      if (level !== 'info') process.stderr.write(`${msg}\n`)
    },
    // Events only flow once host.start() runs, after the server exists.
    emit: (name, data) => server.push(name, data),
  })
  const server = new ApiServer(host.api, {
    port: flags.port,
    host: flags.host,
    token,
    allowRemote: flags.allowRemote,
    log: (msg) => process.stderr.write(`serve: ${msg}\n`),
    staticDir: existsSync(staticDir) ? staticDir : undefined,
  })
  // Listen first: the dashboard shows the first ingest's progress instead of waiting for it.
  const { url } = await server.listen()
  out(`Observatory is serving ${url}#token=${token}`)
  out(
    `API: curl -X POST -H 'Authorization: Bearer ${token}' -d '{"range":{"preset":"7d"}}' ${url}api/summary`,
  )
  await host.start()
  out(`Observatory is ready: watching ${host.roots().filter((r) => r.watch).length} folder(s)`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await host.stop()
  await server.close()
}
