/**
 * Classification of `user` lines (claude-code-jsonl.md §4.1, pitfall P13): only real human prompts
 * start a turn; commands, caveats, bash mode, interrupts, compact summaries and injected context do not.
 */

export const INTERRUPT_PREFIX = '[Request interrupted by user'

const NON_PROMPT_PREFIXES = [
  '<command-name>',
  '<command-message>',
  '<local-command-',
  '<bash-input>',
  '<bash-stdout>',
  '<bash-stderr>',
  '<task-notification>',
  '<teammate-message',
  '<system-reminder>',
  'Caveat: The messages below were generated',
]

export type UserLineKind = 'prompt' | 'tool_result' | 'interrupt' | 'other'

type Block = { type?: unknown; text?: unknown }

/** The first text of a user message, whether `content` is a string or an array of blocks. */
export function firstText(content: unknown): string | null {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return null
  for (const b of content as Block[]) {
    if (b && b.type === 'text' && typeof b.text === 'string') return b.text
  }
  return null
}

export function classifyUserLine(line: {
  isMeta?: unknown
  isCompactSummary?: unknown
  isSidechain?: unknown
  message?: { content?: unknown }
}): UserLineKind {
  const content = line.message?.content
  if (Array.isArray(content) && content.some((b: Block) => b && b.type === 'tool_result'))
    return 'tool_result'
  const text = firstText(content)
  if (text !== null && text.trimStart().startsWith(INTERRUPT_PREFIX)) return 'interrupt'
  if (line.isMeta === true || line.isCompactSummary === true || line.isSidechain === true) return 'other'
  if (text === null) {
    // An array with only image/document blocks is still something the human sent.
    return Array.isArray(content) && content.length > 0 ? 'prompt' : 'other'
  }
  const t = text.trimStart()
  if (t.length === 0) return 'other'
  for (const p of NON_PROMPT_PREFIXES) if (t.startsWith(p)) return 'other'
  return 'prompt'
}
