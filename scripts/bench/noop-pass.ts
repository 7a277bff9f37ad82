/**
 * Times passes with nothing to do, in-process (issue #17): ingests `<root>` into `<db>` once (if the
 * store is new), then runs `runs` more passes on one Ingestor (a long-running process), and `runs`
 * passes each on a fresh Ingestor (like the CLI, which starts with nothing in memory).
 *
 *   npx esbuild scripts/bench/noop-pass.ts --bundle --platform=node --format=esm \
 *     --external:better-sqlite3 --external:@pydantic/genai-prices --external:luxon --outfile=/tmp/noop-pass.mjs
 *   node /tmp/noop-pass.mjs <db> <root> [runs=9]
 */
import { openDb } from '../../electron/core/store/db'
import { PriceBook } from '../../electron/core/prices/price-book'
import { Ingestor } from '../../electron/core/ingest/ingest'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

async function main(): Promise<void> {
  const [dbPath, root, runsArg = '9'] = process.argv.slice(2)
  if (!dbPath || !root) throw new Error('usage: noop-pass <db> <root> [runs]')
  const runs = Number(runsArg)
  const db = openDb(dbPath)
  const prices = new PriceBook({})
  const roots = [{ path: root }]
  const kept = new Ingestor(db, prices)
  const t0 = performance.now()
  const first = await kept.ingest(roots)
  console.log(
    `first pass: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${first.files} files, ${first.filesRead} read`,
  )
  // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
  const time = async (ing: Ingestor, wall: number[], cpu: number[]) => {
    const t = performance.now()
    const c = process.cpuUsage()
    const s = await ing.ingest(roots)
    const d = process.cpuUsage(c)
    wall.push(performance.now() - t)
    cpu.push((d.user + d.system) / 1000)
    if (s.filesRead > 0) console.log(`  (a pass read ${s.filesRead} files)`)
  }
  const warm: number[][] = [[], []]
  for (let i = 0; i < runs; i++) await time(kept, warm[0]!, warm[1]!)
  const fresh: number[][] = [[], []]
  for (let i = 0; i < runs; i++) await time(new Ingestor(db, prices), fresh[0]!, fresh[1]!)
  const fmt = ([wall, cpu]: number[][]) =>
    `wall median ${median(wall!).toFixed(0)} ms, cpu median ${median(cpu!).toFixed(0)} ms ` +
    `[wall ${wall!.map((x) => x.toFixed(0)).join(' ')}]`
  console.log(`no-op pass, same Ingestor:  ${fmt(warm)}`)
  console.log(`no-op pass, fresh Ingestor: ${fmt(fresh)}`)
  db.close()
}

void main()
