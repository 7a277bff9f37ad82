/**
 * A tool error text reduced to its shape for an anonymized export: quoted strings, URLs, emails,
 * paths, the name after words like `repository` / `owned by` / `user`, numbers, and any of the
 * `known` identifying values (project names, source labels …) are replaced by placeholders, so
 * `repository 'secretproj' owned by dain` becomes `repository <quoted> owned by <name>`.
 */
export function scrubErrorText(message: string, known: readonly string[] = []): string {
  let s = (message.split('\n').find((l) => l.trim().length > 0) ?? '')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/giu, '<url>')
    // A URL whose path the tools metric already replaced (`https:/<path>`).
    .replace(/\b[a-z][a-z0-9+.-]*:\/+<path>\S*/giu, '<url>')
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+/gu, '<email>')
  // Longest first, so a value that contains another is replaced whole; short ones (even `ui`, `go`)
  // only as whole words, which over-scrubs a few ordinary words rather than let a name through.
  for (const k of [...known].filter((k) => /[\p{L}\p{N}]/u.test(k)).sort((a, b) => b.length - a.length)) {
    const word = k.length < 5 ? ['(?<![\\p{L}\\p{N}])', '(?![\\p{L}\\p{N}])'] : ['', '']
    s = s.replace(new RegExp(`${word[0]}${escapeRegExp(k)}${word[1]}`, 'giu'), '<name>')
  }
  return s
    .replace(/(?<![\p{L}\p{N}])(["'`\u2018\u201c]).*?(?:\1|[\u2019\u201d])(?![\p{L}\p{N}])/gu, '<quoted>')
    .replace(/(?<=^|[\s=([{,])(?:[A-Za-z]:[\\/]|~[\\/]|\.{1,2}[\\/]|[\\/])[^\s:;,)\]}>]*/gu, '<path>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/giu, '<id>')
    .replace(/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{8,}\b/giu, '<id>')
    .replace(AFTER_KEYWORD, '$1$2<name>')
    .replace(/\p{N}+/gu, 'N')
    .trim()
    .slice(0, 160)
}

/** Words that follow "user", "by" … in ordinary sentences, not names ("the user does not …"). */
const FUNCTION_WORDS =
  'the|a|an|is|was|are|were|has|had|have|does|did|do|not|no|cannot|can|to|of|and|or|for|with|in|on|at|that|this|who|which|may|must|should|will|would|could|default|itself'

const KEYWORDS =
  'repository|repo|owned by|owner|user(?:name)?|account|org(?:ani[sz]ation)?|team|project|branch|host(?:name)?|namespace|bucket|database|table|package|module|server|workspace|by'

/** The name after a keyword: a whole token (ending at a space, punctuation or the end), not a function word. */
const AFTER_KEYWORD = new RegExp(
  `\\b(${KEYWORDS})(\\s*[:=]?\\s+)(?!<|(?:${FUNCTION_WORDS})(?=[\\s,;:)\\]}]|$))[^\\s,;:)\\]}']+(?=[\\s,;:)\\]}]|$)`,
  'giu',
)

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
