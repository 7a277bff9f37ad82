import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { main } from './main'

// Less TurboFan inlining: a CLI run is short, and on a 2-core machine the compiler threads compete
// with the parse workers. Measured on the bench's cold 1 GB ingest: ~0.15 s less CPU, ~0.1 s less
// wall time. Set before any command runs, so nothing has been optimized yet. CLI only: Electron's V8
// may refuse flags changed after start-up.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=100')

// A bulk ingest collects garbage after each group it commits (core/ingest/bulk-load.ts), which keeps a
// 10 GB cold ingest's heap near its live size. The flag exposes `gc` to contexts made after it; a
// Node that ignores it leaves the ingest without (only its memory differs).
setFlagsFromString('--expose-gc')
try {
  ;(globalThis as { gc?: unknown }).gc ??= runInNewContext('gc')
} catch {
  // no gc: V8 collects on its own schedule
}

// Last resort: whatever still holds the event loop (a stuck worker, a handle a failure left open)
// cannot keep a finished command alive. The timer is unref'd, so a clean exit does not wait for it.
const exitSoon = (code: number) => {
  process.exitCode = code
  setTimeout(() => process.exit(code), 2000).unref()
}

process.on('uncaughtException', (err) => {
  process.stderr.write(
    `error: unexpected failure: ${process.env.OBSERVATORY_VERBOSE ? err.stack : err.message}\n`,
  )
  process.exit(1)
})

main(process.argv.slice(2)).then(exitSoon, (err: unknown) => {
  process.stderr.write(`error: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`)
  exitSoon(1)
})
