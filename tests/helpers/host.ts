import { join } from 'node:path'
import { CoreHost, type HostOptions } from '../../electron/core/host'
import { openCore, type Core } from '../../electron/core/open-core'

/**
 * A core over a store in `dir` (`dbPath` relative to it) and a host on it: silent unless `log`/`emit` are
 * given, no default roots unless given, and a slow safety rescan so tests drive the passes.
 */
export function openTestHost(
  dir: string,
  opts: Partial<HostOptions> & { dbPath?: string } = {},
): { core: Core; host: CoreHost; close: () => Promise<void> } {
  const core = openCore({ dbPath: join(dir, opts.dbPath ?? 'o.db'), pricesFile: join(dir, 'prices.json') })
  const host = new CoreHost(core, {
    log: () => {},
    emit: () => {},
    defaultRoots: () => [],
    live: { rescanMs: 60_000 },
    ...opts,
  })
  return {
    core,
    host,
    close: async () => {
      await host.stop()
      await core.close()
    },
  }
}
