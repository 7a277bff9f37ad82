/** Strings kept from a transcript line, re-decoded from the latin1 the line was read as (parse-file.ts). */

// Set per line by normalizeLine (synchronous, one line at a time).
let latin1 = false

export function setLatin1(on: boolean): void {
  latin1 = on
}
const NON_ASCII = /[\u0080-\uffff]/

/**
 * Undoes latin1 decoding for a string we keep. parse-file decodes lines as latin1 because UTF-8
 * decoding costs ~10x more and most bytes are never kept; JSON.stringify (which writes these files)
 * never escapes chars 0x80–0xFF, so such chars are raw UTF-8 bytes, while chars above 0xFF came
 * from \u escapes (lone surrogates) and stay as they are.
 */
export function fromLatin1(s: string): string {
  if (!latin1 || !NON_ASCII.test(s)) return s
  let out = ''
  for (let i = 0; i < s.length;) {
    let j = i
    if (s.charCodeAt(i) <= 0xff) {
      while (j < s.length && s.charCodeAt(j) <= 0xff) j++
      out += Buffer.from(s.slice(i, j), 'latin1').toString('utf8')
    } else {
      while (j < s.length && s.charCodeAt(j) > 0xff) j++
      out += s.slice(i, j)
    }
    i = j
  }
  return out
}

/** A non-empty string field, re-decoded. */
export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? fromLatin1(v) : null
}

/** A raw (not yet re-decoded) text, clipped to `max` chars. */
export function text(s: string | null, max: number): string | null {
  if (s === null) return null
  // Up to 4 bytes per char: re-decode a prefix long enough for `max` chars, then clip.
  const t = fromLatin1(s.length > max * 4 ? s.slice(0, max * 4) : s)
  return t.length > max ? t.slice(0, max) : t
}
