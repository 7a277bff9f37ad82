/**
 * A tree of many small transcripts for measuring passes with nothing to do (issue #17): `<out>/projects/
 * <project>/<session>.jsonl` plus `<session>/subagents/agent-*.jsonl`, a few real lines each (from the
 * real fixtures, with fresh session and message ids). Defaults: 200 projects × 45 sessions × (1 + 9
 * agents) = 90,000 files in 18,200 folders.
 *
 *   npx esbuild scripts/bench/many-files.ts --bundle --platform=node --format=esm --outfile=/tmp/many-files.mjs
 *   node /tmp/many-files.mjs <out> [projects=200] [sessions=45] [agents=9]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

// Run from the repository's folder (the script is bundled to elsewhere first).
const FIXTURE = resolve(
  'tests/fixtures/claude-logs/real/claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl',
)
const FIXTURE_SESSION = 'ef958aa1-0e93-49f0-bb71-150f63befcd1'

/** Short user and assistant lines of the fixture, in order. */
function sampleLines(): string[] {
  return readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && l.length < 3000 && /"type":"(user|assistant)"/.test(l))
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
const uuid = (n: number) => `${hex(n, 8)}-0000-4000-8000-${hex(n * 7919, 12).slice(-12)}`

function transcript(lines: string[], fileNo: number, session: string, count: number): string {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const line = lines[(fileNo * 3 + i) % lines.length]!
    out.push(line.replaceAll(FIXTURE_SESSION, session).replaceAll('"msg_', `"msg_f${fileNo}x`))
  }
  return out.join('\n') + '\n'
}

function main(): void {
  const [outArg, p = '200', s = '45', a = '9'] = process.argv.slice(2)
  if (!outArg) throw new Error('usage: many-files <out> [projects] [sessions] [agents]')
  const [projects, sessions, agents] = [Number(p), Number(s), Number(a)]
  const lines = sampleLines()
  const root = join(resolve(outArg), 'projects')
  let fileNo = 0
  let dirs = 0
  for (let pi = 0; pi < projects; pi++) {
    const proj = join(root, `-home-user-code-project-${pi}`)
    mkdirSync(proj, { recursive: true })
    dirs++
    for (let si = 0; si < sessions; si++) {
      const session = uuid(pi * sessions + si + 1)
      writeFileSync(join(proj, `${session}.jsonl`), transcript(lines, fileNo++, session, 4))
      if (agents === 0) continue
      const sub = join(proj, session, 'subagents')
      mkdirSync(sub, { recursive: true })
      dirs += 2
      for (let ai = 0; ai < agents; ai++)
        writeFileSync(join(sub, `agent-a${hex(fileNo, 15)}.jsonl`), transcript(lines, fileNo++, session, 3))
    }
  }
  console.log(`${fileNo} files in ${dirs} folders under ${root}`)
}

main()
