import type { FileParser, ParseTask } from './file-parser'
import type { PackedFile } from './parse-file'

// Parse workers run ahead of the writer by up to this much input, so neither waits for the other
// on a run of large files; parsed batches are a small fraction of their input.
const AHEAD_BYTES = 32 << 20

/**
 * The files of a pass in the order the writer applies them, with their parses launched ahead of it:
 * at most `parser.concurrency` files and AHEAD_BYTES of input past the file the writer waits on.
 * Files are added while the roots are still being listed, so parsing starts with the first one.
 */
export class ParseQueue<T> {
  /** The files in apply order, as the caller planned them. */
  readonly items: T[] = []
  private readonly list: { task: ParseTask; bytes: number }[] = []
  private readonly inFlight: (Promise<PackedFile> | undefined)[] = []
  private next = 0
  private ahead = 0 // input bytes launched but not yet taken
  private taken = -1 // the last file whose launched parse was handed out

  constructor(private readonly parser: FileParser) {}

  add(item: T, task: ParseTask, bytes: number): void {
    this.items.push(item)
    this.list.push({ task, bytes })
    this.fill()
  }

  /**
   * The parse of file `i`. The writer takes files in order; the first time, this is the parse launched
   * ahead (or now). Asked again for a file it already took (it redoes a group it rolled back), the file
   * is parsed again.
   */
  parsed(i: number): Promise<PackedFile> {
    if (i <= this.taken) return this.parser.parse(this.list[i]!.task)
    this.taken = i
    this.fill()
    const parsed = this.inFlight[i]!
    this.inFlight[i] = undefined
    this.ahead -= this.list[i]!.bytes
    return parsed
  }

  private fill(): void {
    const waitingOn = Math.max(this.taken, 0) // the file the writer waits on (or will first)
    while (
      this.next < this.list.length &&
      this.next - waitingOn < this.parser.concurrency &&
      (this.next === waitingOn || this.ahead < AHEAD_BYTES)
    ) {
      const f = this.list[this.next]!
      this.ahead += f.bytes
      const parsed = this.parser.parse(f.task)
      parsed.catch(() => {}) // handled when taken
      this.inFlight[this.next++] = parsed
    }
  }
}
