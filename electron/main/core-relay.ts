import type { ApiResult, CoreStatus, PushEventName } from '../../shared/contract'
import { fail, reason } from '../../shared/guarded-api'
import type { WorkerMessage, WorkerRequest } from './worker-protocol'

/** The part of a worker_threads Worker the relay uses. */
export interface WorkerLike {
  postMessage(m: WorkerRequest): void
  on(event: 'message', l: (m: WorkerMessage) => void): unknown
  on(event: 'error', l: (e: unknown) => void): unknown
  on(event: 'exit', l: (code: number) => void): unknown
  terminate(): Promise<number>
}

export interface RelayOptions {
  /** Starts a core worker (called again for each restart). */
  create: () => WorkerLike
  onEvent: (name: PushEventName, data: unknown) => void
  onLog: (level: string, msg: string) => void
  onStatus: (s: CoreStatus) => void
  /** Delay before restart number `n` (1, 2, …). Default: 1 s doubling to 30 s. */
  backoff?: (n: number) => number
  /** A call not answered within this answers an error. Default 10 minutes (a big PDF export). */
  callTimeoutMs?: number
  /** A worker that ran this long before failing restarts without delay growth. Default 60 s. */
  stableMs?: number
  /**
   * After a call timed out the worker is pinged; one that does not answer within this is stuck (its SQL
   * runs synchronously), so it is terminated and restarted. Default 5 s.
   */
  pingTimeoutMs?: number
}

/** A relay call not answered within this answers an error (10 minutes: a big PDF export). */
export const DEFAULT_CALL_TIMEOUT_MS = 600_000

export const defaultBackoff = (n: number): number => Math.min(30_000, 1000 * 2 ** (n - 1))

interface Pending {
  resolve: (r: ApiResult<unknown>) => void
  timer: NodeJS.Timeout
}

/**
 * The main process's side of the core worker: relays calls, answers every pending call with an error
 * when the worker throws or exits, restarts it with a back-off and reports its status. No call waits
 * forever: each has a timeout.
 */
export class CoreRelay {
  private worker: WorkerLike | undefined
  private readonly pending = new Map<number, Pending>()
  private seq = 0
  private failures = 0
  private startedAt = 0
  private restartTimer: NodeJS.Timeout | undefined
  /** The ping in flight after a call timed out, if any. */
  private probe: { id: number; timer: NodeJS.Timeout } | undefined
  private stopping = false
  private current: CoreStatus = { state: 'starting', restarts: 0 }

  constructor(private readonly opts: RelayOptions) {
    this.start()
  }

  status(): CoreStatus {
    return this.current
  }

  call(name: string, args: unknown): Promise<ApiResult<unknown>> {
    const w = this.worker
    if (!w || this.stopping)
      return Promise.resolve(fail(this.stopping ? 'Observatory is quitting' : this.downMessage()))
    return new Promise((resolve) => {
      const seq = ++this.seq
      const ms = this.opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
      const timer = setTimeout(() => {
        this.pending.delete(seq)
        resolve(fail(`the core did not answer "${name}" within ${Math.round(ms / 1000)} s`))
        this.ping(w)
      }, ms)
      this.pending.set(seq, { resolve, timer })
      w.postMessage({ seq, type: 'call', name, args })
    })
  }

  /** Pings a worker that let a call time out; terminates and restarts it when the ping goes unanswered. */
  private ping(w: WorkerLike): void {
    if (w !== this.worker || this.probe || this.stopping) return
    const ms = this.opts.pingTimeoutMs ?? 5000
    const id = ++this.seq
    const timer = setTimeout(() => {
      this.probe = undefined
      this.failed(w, `the core did not answer a ping within ${ms / 1000} s: terminated`)
    }, ms)
    this.probe = { id, timer }
    w.postMessage({ type: 'ping', id })
  }

  /** Asks the worker to stop its host and close the store; terminates it after `timeoutMs`. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopping = true
    clearTimeout(this.restartTimer)
    this.clearProbe()
    this.answerAll('Observatory is quitting')
    const w = this.worker
    if (!w) return this.setStatus({ state: 'stopped', restarts: this.current.restarts })
    await new Promise<void>((done) => {
      const timer = setTimeout(() => {
        this.opts.onLog('warn', `the core did not stop within ${timeoutMs} ms: terminated`)
        done()
      }, timeoutMs)
      const finish = () => {
        clearTimeout(timer)
        done()
      }
      w.on('exit', finish)
      w.on('message', (m) => m.type === 'stopped' && finish())
      w.postMessage({ type: 'stop' })
    })
    this.worker = undefined
    await w.terminate()
    this.setStatus({ state: 'stopped', restarts: this.current.restarts })
  }

  private start(): void {
    this.startedAt = Date.now()
    let w: WorkerLike
    try {
      w = this.opts.create()
    } catch (err) {
      return this.failed(undefined, `cannot start the core: ${reason(err)}`)
    }
    this.worker = w
    this.setStatus({ state: 'starting', restarts: this.current.restarts })
    w.on('message', (m) => this.message(w, m))
    w.on('error', (err) => this.failed(w, `the core failed: ${reason(err)}`))
    w.on('exit', (code) => this.failed(w, `the core exited (code ${code})`))
  }

  private message(w: WorkerLike, m: WorkerMessage): void {
    if (w !== this.worker) return
    if (m.type === 'log') return this.opts.onLog(m.level, m.msg)
    if (m.type === 'event') return this.opts.onEvent(m.name, m.data)
    if (m.type === 'pong') return m.id === this.probe?.id ? this.clearProbe() : undefined
    // `ready` does not reset the back-off: the worker posts it before its first pass, which may still
    // fail. Only a worker that ran `stableMs` before failing restarts without growth (failed()).
    if (m.type === 'ready') return this.setStatus({ state: 'ready', restarts: this.current.restarts })
    if (m.type !== 'reply') return
    const p = this.pending.get(m.seq)
    if (!p) return
    clearTimeout(p.timer)
    this.pending.delete(m.seq)
    p.resolve(m.result)
  }

  /** The worker threw or exited: answer what waits, then restart after the back-off (once per worker). */
  private failed(w: WorkerLike | undefined, why: string): void {
    if (w && w !== this.worker) return // a later event of a worker already handled
    this.worker = undefined
    this.clearProbe()
    if (this.stopping) return
    if (w) void w.terminate()
    if (Date.now() - this.startedAt >= (this.opts.stableMs ?? 60_000)) this.failures = 0
    this.failures++
    const delay = (this.opts.backoff ?? defaultBackoff)(this.failures)
    this.opts.onLog('error', `${why}; restarting in ${delay} ms`)
    this.setStatus({
      state: 'restarting',
      message: why,
      restarts: this.current.restarts + 1,
      retryInMs: delay,
    })
    this.answerAll(this.downMessage())
    this.restartTimer = setTimeout(() => this.start(), delay)
  }

  private clearProbe(): void {
    clearTimeout(this.probe?.timer)
    this.probe = undefined
  }

  private downMessage(): string {
    const s = this.current
    return s.state === 'restarting'
      ? `${s.message ?? 'the core stopped'}; it restarts shortly`
      : 'the core is not running'
  }

  private answerAll(message: string): void {
    for (const [seq, p] of this.pending) {
      clearTimeout(p.timer)
      p.resolve(fail(message))
      this.pending.delete(seq)
    }
  }

  private setStatus(s: CoreStatus): void {
    this.current = s
    this.opts.onStatus(s)
  }
}
