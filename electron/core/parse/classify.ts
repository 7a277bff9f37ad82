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

export type UserLineKind = 'prompt' | 'command' | 'tool_result' | 'interrupt' | 'other'

/** Context Claude Code / IDE extensions put before the user's words (a whole `<tag>…</tag>` block). */
const CONTEXT_TAG = /^<(ide_[a-z_]+|system-reminder)\b[^>]*>[\s\S]*?<\/\1>\s*/

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

/** `text` without its leading context blocks; '' when it holds nothing else. */
function stripContext(text: string): string {
  let t = text.trimStart()
  for (let m = CONTEXT_TAG.exec(t); m !== null; m = CONTEXT_TAG.exec(t)) t = t.slice(m[0].length)
  return t
}

/**
 * The user's own words in a prompt: the first text block that is not only context, with its leading
 * context blocks stripped. When only context remains, the first text as it is (null: no text).
 */
export function promptText(content: unknown): string | null {
  const first = firstText(content)
  const blocks: unknown[] =
    typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : []
  for (const b of blocks) {
    if (!isTextBlock(b)) continue
    const t = stripContext(b.text)
    if (t.length > 0) return t
  }
  return first
}

function isTextBlock(b: unknown): b is { type: 'text'; text: string } {
  return (
    typeof b === 'object' &&
    b !== null &&
    'type' in b &&
    b.type === 'text' &&
    'text' in b &&
    typeof b.text === 'string'
  )
}

/** A slash command's line (`<command-name>/x</command-name>`, args): `/x args`, else null. */
export function commandText(text: string | null): string | null {
  if (text === null) return null
  const name = /<command-name>\s*([^<]*?)\s*<\/command-name>/.exec(text)?.[1]
  if (!name) return null
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1]?.trim()
  return args ? `${name} ${args}` : name
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
  // A slash command starts a turn when the model answers it, but is not a prompt.
  if (t.startsWith('<command-name>') || t.startsWith('<command-message>'))
    return commandText(t) === null ? 'other' : 'command'
  for (const p of NON_PROMPT_PREFIXES) if (t.startsWith(p)) return 'other'
  return 'prompt'
}

/** The text stored with a user line's event: a prompt's own words, a command's `/x args`, else null. */
export function userEventText(kind: UserLineKind, content: unknown): string | null {
  if (kind === 'prompt') return promptText(content) ?? '[image]'
  if (kind === 'command') return commandText(firstText(content))
  return null
}
