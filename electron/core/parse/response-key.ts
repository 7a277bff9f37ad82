/**
 * Counting rule 1: the dedup key of one API response, the pair (`message.id`, `requestId`) in one
 * string. `\` and `:` in the message id are escaped, so the first unescaped `:` ends the id and no two
 * pairs share a key (`"a:b" + "c"` and `"a" + "b:c"` stay apart). Real ids (`msg_…`) hold neither
 * character, so their keys read as `id:requestId`, as stores before migration 006 wrote them.
 * A missing or empty requestId is ''.
 */
export function responseKey(messageId: string, requestId: string | null): string {
  const id =
    messageId.indexOf(':') === -1 && messageId.indexOf('\\') === -1
      ? messageId
      : messageId.replace(/[\\:]/g, '\\$&')
  return `${id}:${requestId ?? ''}`
}
