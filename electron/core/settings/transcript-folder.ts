import { realpathSync, statSync } from 'node:fs'
import { ActionError } from '../api/api'
import { findTranscript, type LookBudget } from '../ingest/discovery'

/** How far adding a folder looks for a transcript before refusing it. */
export const SOURCE_LOOK: LookBudget = { dirs: 20_000, ms: 3_000 }

/** The real path of a folder, or null when it does not exist (or cannot be resolved). */
export function realOrNull(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}

/**
 * A folder to add must exist and hold at least one transcript, found within `budget`; the message
 * says which check failed.
 */
export async function checkTranscriptFolder(path: string, budget: LookBudget): Promise<string> {
  const real = realOrNull(path)
  if (real === null) throw new ActionError(`${path} does not exist`)
  if (!statSync(real).isDirectory())
    throw new ActionError(
      real.endsWith('.jsonl')
        ? `${path} is one transcript file: add the folder that holds it (a ~/.claude copy, its projects/ folder, or any folder of .jsonl files)`
        : `${path} is not a folder`,
    )
  const look = await findTranscript(real, budget)
  const pick = 'pick a ~/.claude folder, its projects/ folder, or a folder of .jsonl files'
  if (look.found === null && look.exhausted)
    throw new ActionError(
      `${path} is too large to look through: no Claude Code transcript (.jsonl file) in its first ${look.dirs} folders; ${pick}`,
    )
  if (look.found === null)
    throw new ActionError(`${path} holds no Claude Code transcripts (.jsonl files): ${pick}`)
  return real
}
