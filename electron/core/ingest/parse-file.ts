import { emptyBatch, type ParsedBatch } from '../parse/records'
import { InlineRuns } from '../parse/inline-runs'
import { latestValidTs, normalizeLine, SessionAccumulator, type FileContext } from '../parse/normalize'
import { readLines, type ReadLinesOptions } from './line-reader'
import { HEAD_BYTES, hashHead, headHash, readSidecar, type SidecarMeta } from './file-facts'
import { bestPerKey } from '../parse/best-copy'
import { slimLine } from './slim-line'
import { packBatch, type PackedBatch } from '../parse/packed'

/**
 * Pre-filter before JSON.parse: most bytes sit in lines that hold no usage and nothing else we
 * keep (file-history snapshots, hook/bash progress, attachments, queue operations). A line is
 * skipped only when it has no `"usage"` key and its top-level `type`, read from the flat prefix
 * before the first nested object, is not one we need. Anything unsure is parsed.
 */
const USAGE = Buffer.from('"usage"')
const TYPE_KEY = Buffer.from('"type":"')
const NEEDED = new Set(['user', 'assistant', 'system', 'summary', 'custom-title', 'ai-title'])

export function shouldParse(buf: Buffer, start: number, end: number): boolean {
  const line = buf.subarray(start, end)
  const type = topLevelType(line)
  if (type !== null && NEEDED.has(type)) return true
  // Unsure of the type, or a type we don't keep: parse anyway when the line carries usage.
  return type === null || line.indexOf(USAGE) !== -1
}

/** The top-level `type` when it sits in the flat prefix before the first nested value; else null. */
function topLevelType(line: Buffer): string | null {
  let nested = line.indexOf(123 /* { */, 1)
  const arr = line.indexOf(91 /* [ */, 1)
  if (nested === -1 || (arr !== -1 && arr < nested)) nested = arr
  const prefix = nested === -1 ? line : line.subarray(0, nested)
  const t = prefix.indexOf(TYPE_KEY)
  if (t === -1) return null
  const vStart = t + TYPE_KEY.length
  const vEnd = prefix.indexOf(34 /* " */, vStart)
  return vEnd === -1 ? null : prefix.toString('latin1', vStart, vEnd)
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
}

export interface ParsedFile<B = ParsedBatch> {
  batch: B
  endOffset: number
  /** Identity of the file's first bytes, for detecting a rewrite on the next pass. */
  headHash: string | null
  meta: SidecarMeta | null
}

/**
 * Parses the complete lines of `path` from byte `from` into normalized records, plus the file facts
 * the writer stores (head hash, subagent sidecar) so that all file I/O happens off the writer thread.
 */
export interface ParseFileOptions extends ReadLinesOptions {
  /** Decode long string values shortened (default true; see slim-line.ts). */
  slim?: boolean
}

export function parseFile(
  path: string,
  from: number,
  ctx: FileContext,
  opts?: ParseFileOptions,
  metaPath: string | null = null,
): ParsedFile {
  const decode =
    opts?.slim === false ? (b: Buffer, s: number, e: number) => b.toString('latin1', s, e) : slimLine
  const batch = emptyBatch()
  const sessions = new SessionAccumulator()
  const lineCtx: FileContext = { ...ctx, latin1: true, maxTs: latestValidTs(), inlineRuns: new InlineRuns() }
  let blank = 0
  const onObject = (o: unknown): void => {
    batch.parsedLines++
    normalizeLine(o, lineCtx, sessions, batch)
  }
  const res = readLines(
    path,
    from,
    (buf, s, e) => {
      if (!shouldParse(buf, s, e)) {
        batch.skippedLines++
        return
      }
      let o: unknown
      try {
        // latin1 is a byte copy; normalize re-decodes the few strings we keep (see fromLatin1).
        o = JSON.parse(decode(buf, s, e))
      } catch {
        // A blank line (or the CR of a CRLF whose line was read before its end arrived) is no line.
        if (isBlank(buf, s, e)) blank++
        else batch.badLines.invalid_json = (batch.badLines.invalid_json ?? 0) + 1
        return
      }
      onObject(o)
    },
    {
      headBytes: HEAD_BYTES,
      ...opts,
      // A last line without its newline counts when it is a whole JSON object: a torn prefix of an
      // object line never is one, so it is not counted twice when the rest arrives.
      lastLine: (buf, s, e) => {
        let o: unknown
        try {
          o = JSON.parse(decode(buf, s, e))
        } catch {
          return false
        }
        if (o === null || typeof o !== 'object' || Array.isArray(o)) return false
        if (shouldParse(buf, s, e)) onObject(o)
        else batch.skippedLines++
        return true
      },
    },
  )
  sessions.flush(batch)
  batch.responses = bestPerKey(batch.responses)
  batch.lines = res.lines + res.tooLarge - blank
  if (res.tooLarge > 0) batch.badLines.line_too_large = res.tooLarge
  const endOffset = res.endOffset
  return {
    batch,
    endOffset,
    headHash:
      endOffset === 0
        ? null
        : res.head
          ? hashHead(res.head, endOffset)
          : headHash(path, Math.min(HEAD_BYTES, endOffset)),
    meta: readSidecar(metaPath),
  }
}

/**
 * A parsed file as the writer takes it: records packed into rows. A parse worker posts the rows as
 * JSON text, which the writer's thread decodes just before applying them: batches queue up there,
 * and text costs the garbage collector nothing per record while it waits.
 */
export type PackedFile = ParsedFile<PackedBatch | string>

export function packFile(p: ParsedFile, asText = false): PackedFile {
  const batch = packBatch(p.batch)
  return { ...p, batch: asText ? JSON.stringify(batch) : batch }
}

export function unpackBatch(batch: PackedBatch | string): PackedBatch {
  return typeof batch === 'string' ? (JSON.parse(batch) as PackedBatch) : batch
}
