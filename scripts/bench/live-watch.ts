/**
 * Live mode on a big tree (issue #17): how long the watcher takes to be ready, the RSS and heap it adds,
 * the file descriptors and inotify watches it holds, and how long after an append to an old file a pass
 * has read it. Run it on a store the tree was ingested into (see noop-pass.ts), Linux only for the counts.
 *
 *   node --expose-gc /tmp/live-watch.mjs <db> <root> [maxWatches]      (bundled like noop-pass.ts)
 */
import { appendFileSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { openDb } from '../../electron/core/store/db'
import { PriceBook } from '../../electron/core/prices/price-book'
import { Ingestor } from '../../electron/core/ingest/ingest'
import { LiveIngest } from '../../electron/core/ingest/live'

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`

/** Open descriptors, and inotify watches summed over this process's inotify descriptors. */
function handles(): { fds: number; watches: number } {
  let watches = 0
  const fds = readdirSync('/proc/self/fd')
  for (const fd of fds) {
    try {
      if (!readlinkSync(`/proc/self/fd/${fd}`).includes('inotify')) continue
      watches += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length
    } catch {
      // closed meanwhile
    }
  }
  return { fds: fds.length, watches }
}

async function main(): Promise<void> {
  const [dbPath, root, maxWatches] = process.argv.slice(2)
  if (!dbPath || !root) throw new Error('usage: live-watch <db> <root> [maxWatches]')
  const db = openDb(dbPath)
  const ingestor = new Ingestor(db, new PriceBook({}))
  await ingestor.ingest([{ path: root }])
  global.gc?.()
  const before = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, ...handles() }
  const passes: number[] = []
  let lastRead = 0
  const live = new LiveIngest(ingestor, [{ path: root }], {
    onPass: (s) => {
      passes.push(performance.now())
      lastRead = s.filesRead
    },
    onError: (err) => console.log('live error:', (err as Error).message),
    ...(maxWatches ? { maxWatches: Number(maxWatches) } : {}),
  })
  // A query's view of start-up: the longest the event loop was held.
  let longest = 0
  let tick = performance.now()
  const probe = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - tick - 5)
    tick = now
  }, 5)
  const t0 = performance.now()
  await live.start()
  const ready = performance.now() - t0
  clearInterval(probe)
  global.gc?.()
  const after = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, ...handles() }
  console.log(`watcher ready in ${ready.toFixed(0)} ms (longest event-loop hold ${longest.toFixed(0)} ms)`)
  console.log(
    `RSS ${mb(before.rss)} -> ${mb(after.rss)}, heap ${mb(before.heap)} -> ${mb(after.heap)}, ` +
      `fds ${before.fds} -> ${after.fds}, inotify watches ${before.watches} -> ${after.watches}`,
  )
  await new Promise((r) => setTimeout(r, 3000))
  // An append to an old file, deep in the tree.
  const projects = join(root, 'projects')
  const proj = join(projects, readdirSync(projects).sort()[0]!)
  const old = readdirSync(proj).find((n) => n.endsWith('.jsonl'))!
  const line = readFileSync(join(proj, old), 'utf8').split('\n')[0]!.replaceAll('"msg_', '"msg_live')
  lastRead = 0
  const t1 = performance.now()
  appendFileSync(join(proj, old), line + '\n')
  while (lastRead === 0 && performance.now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 10))
  console.log(
    `append to an old file read by a pass after ${(passes.at(-1)! - t1).toFixed(0)} ms (${lastRead} file)`,
  )
  await live.stop()
  db.close()
}

void main()
