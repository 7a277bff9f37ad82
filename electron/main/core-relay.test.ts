import { afterEach, describe, expect, it, vi } from 'vitest'
import { Worker } from 'node:worker_threads'
import type { CoreStatus } from '../../shared/contract'
import { CoreRelay, defaultBackoff, type WorkerLike } from './core-relay'

/**
 * Small core stand-ins run as real worker threads: they answer `echo` and pings, never answer `hang`,
 * busy-loop on `spin`, throw on `throw`, exit on `exit`; `mode` makes one fail at start (like a store that cannot be opened), fail
 * right after `ready` (its first pass dies) or ignore the stop request.
 */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads')
if (workerData.mode === 'fail-at-open') throw new Error('database schema 9 is newer than this app (5)')
parentPort.postMessage({ type: 'ready' })
// Like a core whose first pass dies: it said ready (the store opened), then fails.
if (workerData.mode === 'fail-after-ready') setTimeout(() => { throw new Error('the first pass failed') }, 5)
if (workerData.mode === 'fail-late') setTimeout(() => { throw new Error('failed after a while') }, 150)
parentPort.on('message', (req) => {
  if (req.type === 'ping') return parentPort.postMessage({ type: 'pong', id: req.id })
  if (req.type === 'stop') {
    if (workerData.mode === 'ignore-stop') return
    setTimeout(() => parentPort.postMessage({ type: 'stopped' }), 10)
    return
  }
  if (req.name === 'echo') parentPort.postMessage({ type: 'reply', seq: req.seq, result: { ok: true, value: { args: req.args, gen: workerData.gen } } })
  if (req.name === 'throw') setTimeout(() => { throw new Error('boom in the core') })
  if (req.name === 'throw-null') setTimeout(() => { throw null })
  if (req.name === 'throw-string') setTimeout(() => { throw 'a string, not an Error' })
  if (req.name === 'exit') process.exit(3)
  if (req.name === 'spin') for (;;) {} // stuck in synchronous work: answers nothing, not even a ping
  if (req.name === 'event') parentPort.postMessage({ type: 'event', name: 'data-changed', data: { n: 1 } })
})
`

let relays: CoreRelay[] = []
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(relays.map((r) => r.stop(200)))
  relays = []
})

function relay(
  modes: string[],
  opts: {
    backoff?: (n: number) => number
    callTimeoutMs?: number
    stableMs?: number
    pingTimeoutMs?: number
  } = {},
) {
  const created: number[] = []
  const statuses: CoreStatus[] = []
  const logs: string[] = []
  const events: unknown[] = []
  /** What the workers posted besides replies (`pong`, `stopped`), in order. */
  const said: string[] = []
  const r = new CoreRelay({
    create: () => {
      created.push(Date.now())
      const gen = created.length
      const mode = modes[Math.min(gen, modes.length) - 1]
      const w = new Worker(SCRIPT, { eval: true, workerData: { gen, mode } })
      w.on('message', (m: { type: string }) => m.type !== 'reply' && said.push(m.type))
      return w as unknown as WorkerLike
    },
    onEvent: (name, data) => events.push({ name, data }),
    onLog: (level, msg) => logs.push(`${level}: ${msg}`),
    onStatus: (s) => statuses.push(s),
    backoff: opts.backoff ?? ((n) => 40 * 2 ** (n - 1)),
    callTimeoutMs: opts.callTimeoutMs,
    stableMs: opts.stableMs,
    pingTimeoutMs: opts.pingTimeoutMs,
  })
  relays.push(r)
  return { r, created, statuses, logs, events, said }
}

/** Waits for the workers (real threads); polls by event-loop turns while the relay's timers are fake. */
const until = async (ok: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => (vi.isFakeTimers() ? setImmediate(r) : setTimeout(r, 5)))
  }
}

/**
 * The relay's own timers (call, ping and stop timeouts, restart back-off) made fake: a timeout fires
 * exactly when the test moves the clock, whatever the machine's load; the workers stay real threads.
 */
const fakeRelayClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
/** Whether `p` has settled, after the turns needed for the relay's callbacks to run. */
const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false
  void p.then(() => (done = true))
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
  return done
}

describe('the core relay', () => {
  it('relays calls and events to a live worker', async () => {
    const { r, events } = relay(['ok'])
    expect(await r.call('echo', { a: 1 })).toEqual({ ok: true, value: { args: { a: 1 }, gen: 1 } })
    void r.call('event', {})
    await until(() => events.length === 1)
    expect(events).toEqual([{ name: 'data-changed', data: { n: 1 } }])
    expect(r.status().state).toBe('ready')
  })

  it.each(['throw', 'exit'])(
    'when the worker %ss, pending calls answer an error and a restarted worker answers',
    async (how) => {
      const { r, created, statuses, logs } = relay(['ok'], { callTimeoutMs: 60_000, backoff: (n) => 400 * n })
      await r.call('echo', {})
      const hung = r.call('hang', {})
      const crash = r.call(how, {})
      const [a, b] = await Promise.all([hung, crash])
      for (const x of [a, b]) expect(x).toMatchObject({ ok: false, error: { code: 'internal' } })
      expect(a.ok === false && a.error.message).toMatch(
        how === 'throw' ? /boom in the core/ : /exited \(code 3\)/,
      )
      expect(statuses).toContainEqual(
        expect.objectContaining({ state: 'restarting', restarts: 1, retryInMs: 400 }),
      )
      expect(logs.some((l) => l.startsWith('error: ') && l.includes('restarting in 400 ms'))).toBe(true)
      // While it is down, a call answers at once rather than waiting.
      expect(await r.call('echo', {})).toMatchObject({ ok: false })
      await until(() => r.status().state === 'ready')
      expect(created).toHaveLength(2)
      expect(await r.call('echo', { b: 2 })).toEqual({ ok: true, value: { args: { b: 2 }, gen: 2 } })
    },
  )

  it('emits starting between restarting and ready (the sequence core-banner.test.ts refetches on)', async () => {
    const { r, statuses } = relay(['ok'], { backoff: () => 40 })
    await r.call('echo', {})
    await r.call('exit', {})
    await until(() => statuses.filter((s) => s.state === 'ready').length === 2)
    expect(statuses.map((s) => [s.state, s.restarts])).toEqual([
      ['starting', 0],
      ['ready', 0],
      ['restarting', 1],
      ['starting', 1],
      ['ready', 1],
    ])
  })

  it('restarts a core that cannot open its store with a growing back-off, and reports why', async () => {
    const { r, created, statuses } = relay(['fail-at-open', 'fail-at-open', 'fail-at-open', 'ok'])
    await until(() => r.status().state === 'ready')
    expect(created).toHaveLength(4)
    const waits = statuses.filter((s) => s.state === 'restarting')
    expect(waits.map((s) => s.retryInMs)).toEqual([40, 80, 160])
    expect(waits[0]!.message).toMatch(/schema 9 is newer than this app/)
    const gaps = created.slice(1).map((t, i) => t - created[i]!)
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(40 * 2 ** i - 5))
    expect(await r.call('echo', {})).toMatchObject({ ok: true, value: { gen: 4 } })
  })

  it('a worker that fails right after ready still restarts with a growing back-off', async () => {
    const { r, created, statuses } = relay(['fail-after-ready', 'fail-after-ready', 'fail-after-ready', 'ok'])
    await until(() => created.length === 4 && r.status().state === 'ready')
    const waits = statuses.filter((s) => s.state === 'restarting')
    expect(waits.map((s) => s.retryInMs)).toEqual([40, 80, 160])
    expect(waits[0]!.message).toMatch(/the first pass failed/)
    expect(statuses.filter((s) => s.state === 'ready').length).toBeGreaterThanOrEqual(4)
  })

  it('a worker that ran stableMs before failing restarts without delay growth', async () => {
    const { r, created, statuses } = relay(['fail-late', 'fail-late', 'fail-late', 'ok'], { stableMs: 100 })
    await until(() => created.length === 4 && r.status().state === 'ready')
    expect(statuses.filter((s) => s.state === 'restarting').map((s) => s.retryInMs)).toEqual([40, 40, 40])
  })

  it.each([
    ['throw-null', 'the core failed: null'],
    ['throw-string', 'the core failed: a string, not an Error'],
  ])('a worker that throws a non-Error (%s) is handled the same way', async (how, why) => {
    const { r } = relay(['ok'])
    const a = await r.call(how, {})
    expect(a).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(a.ok === false && a.error.message).toContain(why)
    await until(() => r.status().state === 'ready')
    expect(await r.call('echo', {})).toMatchObject({ ok: true, value: { gen: 2 } })
  })

  it('a call the worker never answers times out with an error', async () => {
    fakeRelayClock()
    const { r } = relay(['ok'], { callTimeoutMs: 500 })
    await until(() => r.status().state === 'ready')
    const hang = r.call('hang', {})
    await vi.advanceTimersByTimeAsync(499)
    expect(await settled(hang)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(hang)).toBe(true)
    const a = await hang
    expect(a).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(a.ok === false && a.error.message).toMatch(/did not answer "hang" within 1 s/)
    expect(await r.call('echo', {})).toMatchObject({ ok: true })
  })

  it('a worker that still answers a ping after a call timed out keeps running', async () => {
    fakeRelayClock()
    const { r, created, said } = relay(['ok'], { callTimeoutMs: 100, pingTimeoutMs: 100 })
    await until(() => r.status().state === 'ready')
    const hang = r.call('hang', {})
    await vi.advanceTimersByTimeAsync(100)
    expect(await hang).toMatchObject({ ok: false })
    // The ping went out when the call timed out; once its answer is in, the ping's timeout never fires.
    await until(() => said.includes('pong'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(created).toHaveLength(1)
    expect(r.status().state).toBe('ready')
    expect(await r.call('echo', {})).toMatchObject({ ok: true, value: { gen: 1 } })
  })

  it('a worker stuck in a busy loop is terminated after an unanswered ping and restarted', async () => {
    fakeRelayClock()
    const { r, created, statuses, logs } = relay(['ok'], { callTimeoutMs: 200, pingTimeoutMs: 200 })
    await until(() => r.status().state === 'ready')
    const spin = r.call('spin', {})
    await vi.advanceTimersByTimeAsync(200)
    expect(await spin).toMatchObject({ ok: false, error: { code: 'internal' } })
    // Terminated when the ping's timeout runs out, not before.
    await vi.advanceTimersByTimeAsync(199)
    expect(r.status().state).toBe('ready')
    await vi.advanceTimersByTimeAsync(1)
    expect(r.status().state).toBe('restarting')
    await vi.advanceTimersByTimeAsync(40) // the back-off
    await until(() => created.length === 2 && r.status().state === 'ready')
    const down = statuses.find((s) => s.state === 'restarting')
    expect(down).toMatchObject({ restarts: 1, retryInMs: 40 })
    expect(down!.message).toMatch(/did not answer a ping within 0\.2 s/)
    expect(logs.some((l) => l.includes('restarting in 40 ms'))).toBe(true)
    expect(await r.call('echo', {})).toMatchObject({ ok: true, value: { gen: 2 } })
  })

  it('on quit asks the worker to stop, waits for it, and does not restart it', async () => {
    const { r, created, statuses, logs, said } = relay(['ok'])
    await r.call('echo', {})
    const hung = r.call('hang', {})
    fakeRelayClock()
    // The relay's clock stands still: stop() returns because the worker answered `stopped`.
    const stop = r.stop(2000)
    await until(() => said.includes('stopped'))
    expect(vi.getTimerCount()).toBe(0) // the stop timeout was cleared at the answer
    await stop
    expect(logs.filter((l) => l.includes('did not stop'))).toEqual([])
    expect(await hung).toMatchObject({ ok: false, error: { message: 'Observatory is quitting' } })
    await vi.advanceTimersByTimeAsync(10_000) // no restart is scheduled
    expect(created).toHaveLength(1)
    expect(statuses.at(-1)).toMatchObject({ state: 'stopped' })
    expect(await r.call('echo', {})).toMatchObject({ ok: false })
  })

  it('terminates a worker that does not stop within the timeout', async () => {
    const { r, logs } = relay(['ignore-stop'])
    await r.call('echo', {})
    fakeRelayClock()
    const stop = r.stop(100)
    await vi.advanceTimersByTimeAsync(99)
    expect(await settled(stop)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await stop
    expect(logs).toContain('warn: the core did not stop within 100 ms: terminated')
    expect(r.status().state).toBe('stopped')
  })

  it('backs off from 1 s, doubling to at most 30 s', () => {
    expect([1, 2, 3, 5, 6, 20].map(defaultBackoff)).toEqual([1000, 2000, 4000, 16000, 30000, 30000])
  })
})
