/**
 * Most of a transcript's bytes are long string values nothing downstream keeps whole: tool results
 * (and their `toolUseResult` copy), file contents, base64 images, thinking and text blocks. A line
 * longer than LONG_STRING is decoded with every string value longer than LONG_STRING cut to its first
 * KEPT_PREFIX bytes, so JSON.parse only walks what we use. No stored text needs more than 3,000 bytes
 * of a string (error texts: 500 characters, each at most 6 bytes as a \uXXXX escape), and no rule
 * looks at a string's length.
 *
 * The scan hops from quote to quote with Buffer.indexOf: in valid JSON the first quote after a
 * string's end opens the next string, and a quote preceded by an odd run of backslashes is escaped.
 * A cut never splits an escape sequence. Malformed input is returned whole, for JSON.parse to reject.
 */
export const LONG_STRING = 4096
export const KEPT_PREFIX = 3072

const QUOTE = 34
const BACKSLASH = 92
const U = 117

/** Whether the backslash at `j` starts an escape (an even number of backslashes precede it). */
function startsEscape(buf: Buffer, j: number, lo: number): boolean {
  let a = j
  while (a > lo && buf[a - 1] === BACKSLASH) a--
  return (j - a) % 2 === 0
}

/** The latin1 text of `buf[start, end)` with long string values shortened (see above). */
export function slimLine(buf: Buffer, start: number, end: number): string {
  if (end - start <= LONG_STRING) return buf.toString('latin1', start, end)
  let out = ''
  let copyFrom = start
  let p = start
  for (;;) {
    const open = buf.indexOf(QUOTE, p)
    if (open === -1 || open >= end) break
    let close = open + 1
    for (;;) {
      close = buf.indexOf(QUOTE, close)
      if (close === -1 || close >= end) return buf.toString('latin1', start, end)
      let k = close - 1
      while (buf[k] === BACKSLASH) k--
      if ((close - 1 - k) % 2 === 0) break
      close++
    }
    if (close - open - 1 > LONG_STRING) {
      let cut = open + 1 + KEPT_PREFIX
      // Back off to the start of an escape (\x or \uXXXX) that the cut would split.
      for (let j = cut - 1; j >= cut - 5; j--) {
        if (buf[j] !== BACKSLASH || !startsEscape(buf, j, open + 1)) continue
        if (j + (buf[j + 1] === U ? 6 : 2) > cut) cut = j
        break
      }
      out += buf.toString('latin1', copyFrom, cut)
      copyFrom = close
    }
    p = close + 1
  }
  return copyFrom === start ? buf.toString('latin1', start, end) : out + buf.toString('latin1', copyFrom, end)
}
