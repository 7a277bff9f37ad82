import type { ParseTask } from './file-parser'
import { packFile, parseFile, type PackedFile } from './parse-file'

export type ParseReply =
  { id: number; ok: true; value: PackedFile } | { id: number; ok: false; error: string }

/** What a parse worker answers to one message: the file range's packed records, or the error. */
export function answerParse({ id, task }: { id: number; task: ParseTask }): ParseReply {
  try {
    return {
      id,
      ok: true,
      value: packFile(parseFile(task.path, task.from, task.ctx, undefined, task.metaPath ?? null), true),
    }
  } catch (err) {
    return { id, ok: false, error: (err as Error).message }
  }
}
