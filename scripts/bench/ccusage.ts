import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { percentiles } from '../../electron/core/metrics/common'

/** The last ccusage release that is plain JavaScript (20.x runs a per-platform native binary). */
const PURE_JS = 'ccusage@18.0.11'

function install(dir: string, spec: string): string | null {
  const want = spec.split('@').pop()!
  const pkg = join(dir, 'node_modules', 'ccusage', 'package.json')
  if (existsSync(pkg)) {
    const v = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version
    if (v === want || v.startsWith(`${want}.`)) return null
  }
  const r = spawnSync('npm', ['install', '--prefix', dir, spec, '--no-audit', '--no-fund', '--no-save'], {
    encoding: 'utf8',
  })
  if (r.status !== 0)
    return `npm install ${spec} failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`
  return null
}

type Run = { ms: number; tokens: number; version: string } | { error: string }

function runCcusage(dir: string, corpus: string, roots: string[], runs: number): Run {
  const bin = join(dir, 'node_modules', 'ccusage', 'src', 'cli.js')
  const alt = join(dir, 'node_modules', 'ccusage', 'dist', 'index.js')
  const entry = existsSync(bin) ? bin : alt
  if (!existsSync(entry)) return { error: `no ccusage entry point under ${dir}` }
  const { version } = JSON.parse(
    readFileSync(join(dir, 'node_modules', 'ccusage', 'package.json'), 'utf8'),
  ) as {
    version: string
  }
  const times: number[] = []
  let tokens = 0
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const r = spawnSync(process.execPath, [entry, 'daily', '--json', '--offline'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      // ccusage reads CLAUDE_CONFIG_DIR (comma-separated) and else ~/.claude and ~/.config/claude.
      env: { ...process.env, HOME: corpus, CLAUDE_CONFIG_DIR: roots.join(',') },
    })
    times.push(performance.now() - t)
    if (r.status !== 0)
      return {
        error: `ccusage ${version} exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`,
      }
    try {
      tokens = (JSON.parse(r.stdout) as { totals: { totalTokens: number } }).totals.totalTokens
    } catch {
      return { error: `ccusage ${version} printed no JSON: ${r.stdout.slice(0, 200)}` }
    }
  }
  return { ms: percentiles(times).p50!, tokens, version }
}

/**
 * ccusage, the reference for a cold read of the transcripts: `ccusage daily --json --offline` over the
 * corpus, installed into .bench/ccusage at bench time (not a project dependency). When ccusage 20 cannot
 * run here (its native binary is a per-platform optional package), says why and times the last
 * plain-JavaScript release instead.
 */
export function ccusageBench(opts: {
  work: string
  corpus: string
  roots: string[]
  bytes: number
  ourColdMs: number
  ourTokens: number
  runs: number
}): string[] {
  const out: string[] = []
  const spec = process.env.BENCH_CCUSAGE ?? 'ccusage@20'
  let result: Run = { error: '' }
  for (const s of [spec, PURE_JS]) {
    const dir = join(opts.work, s === spec ? 'ccusage' : 'ccusage-js')
    const failed = install(dir, s)
    result = failed ? { error: failed } : runCcusage(dir, opts.corpus, opts.roots, opts.runs)
    if (!('error' in result)) break
    out.push(`ccusage (${s}): cannot run here: ${result.error}`)
    if (s === PURE_JS || spec === PURE_JS) return out
  }
  if ('error' in result) return out
  const s = (ms: number): string => (ms / 1000).toFixed(2)
  const mbps = (ms: number): string => (opts.bytes / 1e6 / (ms / 1000)).toFixed(0)
  const tok = result.tokens === opts.ourTokens ? 'same total' : `ours ${opts.ourTokens}`
  out.push(
    `ccusage ${result.version} daily --json --offline (median of ${opts.runs}): ${s(result.ms)} s, ${mbps(result.ms)} MB/s, ` +
      `${result.tokens} tokens (${tok}) | our cold ingest: ${s(opts.ourColdMs)} s, ${mbps(opts.ourColdMs)} MB/s ` +
      `(ccusage takes ${(result.ms / opts.ourColdMs).toFixed(2)}× our time)`,
  )
  return out
}
