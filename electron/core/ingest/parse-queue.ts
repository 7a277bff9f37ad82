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
  private waitingOn = 0

  constructor(private readonly parser: FileParser) {}

  add(item: T, task: ParseTask, bytes: number): void {
    this.items.push(item)
    this.list.push({ task, bytes })
    this.fill()
  }

  /** The parse of file `i`, launched earlier or now; the writer takes each file once, in order. */
  take(i: number): Promise<PackedFile> {
    this.waitingOn = i
    this.fill()
    const parsed = this.inFlight[i]!
    this.inFlight[i] = undefined
    this.ahead -= this.list[i]!.bytes
    return parsed
  }

  /** Parses file `i` again (the writer redoes a group it rolled back). */
  again(i: number): Promise<PackedFile> {
    return this.parser.parse(this.list[i]!.task)
  }

  private fill(): void {
    while (
      this.next < this.list.length &&
      this.next - this.waitingOn < this.parser.concurrency &&
      (this.next === this.waitingOn || this.ahead < AHEAD_BYTES)
    ) {
      const f = this.list[this.next]!
      this.ahead += f.bytes
      const parsed = this.parser.parse(f.task)
      parsed.catch(() => {}) // handled when taken
      this.inFlight[this.next++] = parsed
    }
  }
}
