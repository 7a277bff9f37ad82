import { closeSync, openSync, readSync } from 'node:fs'

/**
 * Reads complete `\n`-terminated lines of a file from a byte offset, in chunks, without a line
 * length limit up to `maxLineBytes`. A UTF-8 BOM at the start of the file is skipped. A last line
 * without its `\n` is offered to `lastLine`, which takes it only when it is complete; otherwise it is
 * left for the next pass (it may still be being written); lines longer than `maxLineBytes` are
 * skipped and counted.
 */
export interface ReadLinesOptions {
  chunkBytes?: number
  maxLineBytes?: number
  /** When reading from offset 0, keep a copy of the file's first `headBytes` bytes (`result.head`). */
  headBytes?: number
  /**
   * Called with the bytes after the last `\n` (if any, and not an oversized line); returns whether it
   * consumed them as a line. A consumed tail counts as a line and the end offset moves past it.
   */
  lastLine?: (buf: Buffer, start: number, end: number) => boolean
}

export interface ReadLinesResult {
  /** Offset just past the last complete line: where the next pass starts. */
  endOffset: number
  lines: number
  tooLarge: number
  /** The first `headBytes` bytes read (fewer when the file is shorter); only when read from 0. */
  head?: Buffer
}

/** Called for each complete line; `buf` is reused afterwards, so copy what you keep. */
export type LineHandler = (buf: Buffer, start: number, end: number) => void

const DEFAULT_CHUNK = 4 << 20
export const DEFAULT_MAX_LINE = 64 << 20

// One read buffer per thread, reused across files: a fresh multi-MB buffer per file costs page
// faults that dwarf the read itself. Safe because readLines is synchronous and handlers must not
// keep the buffer.
let shared: Buffer | undefined

export function readLines(
  path: string,
  from: number,
  onLine: LineHandler,
  opts: ReadLinesOptions = {},
): ReadLinesResult {
  const chunk = opts.chunkBytes ?? DEFAULT_CHUNK
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE
  const fd = openSync(path, 'r')
  try {
    let buf = chunk === DEFAULT_CHUNK ? (shared ??= Buffer.allocUnsafe(chunk)) : Buffer.allocUnsafe(chunk)
    let len = 0 // valid bytes in buf
    let bufFileOffset = from // file offset of buf[0]
    let filePos = from
    let lines = 0
    let tooLarge = 0
    let skipping = false // inside a line longer than maxLine
    let skipLineStart = 0 // file offset where the oversized line began
    const headBytes = from === 0 ? (opts.headBytes ?? 0) : 0
    const head = headBytes > 0 ? Buffer.allocUnsafe(headBytes) : undefined
    let headLen = 0
    let bomUnchecked = from === 0
    for (;;) {
      if (len === buf.length) {
        // No newline in a full buffer: grow it, or start skipping an oversized line.
        if (buf.length >= maxLine) {
          if (!skipping) skipLineStart = bufFileOffset
          skipping = true
          bufFileOffset += len
          len = 0
        } else {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxLine))
          buf.copy(bigger, 0, 0, len)
          buf = bigger
        }
      }
      const n = readSync(fd, buf, len, buf.length - len, filePos)
      if (n === 0) break
      if (head && headLen < headBytes)
        headLen += buf.copy(head, headLen, len, len + Math.min(n, headBytes - headLen))
      filePos += n
      let scanFrom = len
      len += n
      if (bomUnchecked && len >= 3) {
        bomUnchecked = false
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          // A UTF-8 BOM (editors and Windows tools write one): consumed like the end of a line.
          buf.copy(buf, 0, 3, len)
          bufFileOffset += 3
          len -= 3
          scanFrom = 0
        }
      }
      let lineStart = 0
      const view = buf.subarray(0, len)
      let nl = view.indexOf(10, scanFrom)
      while (nl !== -1) {
        if (skipping) {
          skipping = false
          tooLarge++
        } else if (nl > lineStart) {
          lines++
          onLine(buf, lineStart, nl)
        }
        lineStart = nl + 1
        nl = view.indexOf(10, lineStart)
      }
      if (lineStart > 0) {
        bomUnchecked = false
        // Move the partial tail to the front of the buffer.
        buf.copy(buf, 0, lineStart, len)
        bufFileOffset += lineStart
        len -= lineStart
      }
    }
    // A partial tail (torn line) stays unread unless lastLine takes it; an oversized line stays too.
    if (!skipping && len > 0 && opts.lastLine?.(buf, 0, len)) {
      lines++
      bufFileOffset += len
    }
    return {
      endOffset: skipping ? skipLineStart : bufFileOffset,
      lines,
      tooLarge,
      head: head?.subarray(0, headLen),
    }
  } finally {
    closeSync(fd)
  }
}
