import type { ApiResult, PushEventName } from '../../shared/contract'

/** Messages between the main process and the core worker thread (the single writer). */
export type WorkerRequest =
  | { seq: number; type: 'call'; name: string; args: unknown }
  /** Quit: stop the host, close the store, then answer `stopped`. */
  | { type: 'stop' }
  /** Asked after a call timed out: is the thread still answering? (It runs SQL synchronously.) */
  | { type: 'ping'; id: number }

export type WorkerMessage =
  | { type: 'reply'; seq: number; result: ApiResult<unknown> }
  | { type: 'event'; name: PushEventName; data: unknown }
  | { type: 'log'; level: string; msg: string }
  /** The store is open and the host answers calls. */
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'pong'; id: number }
