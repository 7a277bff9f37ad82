import type { ApiResult, PushEventName, PushEvents, RequestArgs, RequestName, ResultMap } from './contract'

/** `window.observatory`: the preload's narrow bridge, typed from the one contract. */
export interface ObservatoryApi {
  call<K extends RequestName>(name: K, args?: RequestArgs<K>): Promise<ApiResult<ResultMap[K]>>
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<K extends PushEventName>(name: K, listener: (data: PushEvents[K]) => void): () => void
  /** Desktop app only: the file-system path of a dropped file or folder. */
  pathForFile?(file: File): string
}
