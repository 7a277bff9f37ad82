import type { ChildProcess } from 'node:child_process'

/** The base URL `observatory serve` prints, once it has also said it read everything. */
export function serveReady(child: ChildProcess): Promise<string> {
  return new Promise<string>((res, rej) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
      if (m && out.includes('Observatory is ready')) res(m[1]!)
    })
    child.on('exit', (code) => rej(new Error(`serve exited with ${code}`)))
  })
}
