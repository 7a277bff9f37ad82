import type { Migration } from './types'

/**
 * Prompt texts without IDE/system context blocks, and slash-command events (ARCHITECTURE.md, rules 11
 * and 12): every file is read again from the start; the event insert updates a prompt's text on
 * conflict and adds the `command` events, and the dedup keys make the rest add nothing.
 */
export const m007PromptTextCommands: Migration = {
  version: 7,
  name: 'prompt-text-commands',
  sql: `UPDATE files SET offset = 0, mtime_ms = -1, lines = 0, bad_lines = 0 WHERE missing_since IS NULL;`,
}
