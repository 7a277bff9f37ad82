/** Messages between the main process and the core worker thread. */
export type WorkerRequest = { seq: number; type: 'ingest' } | { seq: number; type: 'today' }

export type WorkerReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: string }
  | { type: 'log'; level: string; msg: string; seq?: undefined }
