import type { FileParser, ParseTask } from './file-parser'
import type { PackedFile } from './parse-file'

// Parse workers run ahead of the writer by up to this much input, so neither waits for the other
// on a run of large files; parsed batches are a small fraction of their input.
const AHEAD_BYTES = 32 << 20

/**
 * The files of a pass in the order the writer applies them, with their parses launched ahead of it:
 * at most `parser.concurrency` files and AHEAD_BYTES of input past the file the writer waits on.
 * Files are added while the roots are still being listed, so parsing starts with the first one.
 * A file's parse task is made from its item when launched (a cold pass plans ~80k files before the
 * writer starts, so nothing per file is kept but the item), and `release` lets committed items go.
 */
export class ParseQueue<T> {
  /** The files in apply order, as the caller planned them (undefined once released). */
  readonly items: (T | undefined)[] = []
  private readonly bytes: number[] = []
  private readonly inFlight: (Promise<PackedFile> | undefined)[] = []
  private next = 0
  private ahead = 0 // input bytes launched but not yet taken
  private taken = -1 // the last file whose launched parse was handed out
  private released = 0

  constructor(
    private readonly parser: FileParser,
    private readonly taskOf: (item: T) => ParseTask,
  ) {}

  add(item: T, bytes: number): void {
    this.items.push(item)
    this.bytes.push(bytes)
    this.fill()
  }

  /**
   * The parse of file `i`. The writer takes files in order; the first time, this is the parse launched
   * ahead (or now). Asked again for a file it already took (it redoes a group it rolled back), the file
   * is parsed again.
   */
  parsed(i: number): Promise<PackedFile> {
    if (i <= this.taken) return this.parser.parse(this.taskOf(this.item(i)))
    this.taken = i
    this.fill()
    const parsed = this.inFlight[i]!
    this.inFlight[i] = undefined
    this.ahead -= this.bytes[i]!
    return parsed
  }

  /** The item of file `i` (not yet released). */
  item(i: number): T {
    const item = this.items[i]
    if (item === undefined) throw new Error(`parse queue: file ${i} was released`)
    return item
  }

  /** The writer committed every file before `i`: their items are no longer needed. */
  release(i: number): void {
    for (; this.released < Math.min(i, this.taken + 1); this.released++) this.items[this.released] = undefined
  }

  private fill(): void {
    const waitingOn = Math.max(this.taken, 0) // the file the writer waits on (or will first)
    while (
      this.next < this.items.length &&
      this.next - waitingOn < this.parser.concurrency &&
      (this.next === waitingOn || this.ahead < AHEAD_BYTES)
    ) {
      this.ahead += this.bytes[this.next]!
      const parsed = this.parser.parse(this.taskOf(this.items[this.next]!))
      parsed.catch(() => {}) // handled when taken
      this.inFlight[this.next++] = parsed
    }
  }
}
