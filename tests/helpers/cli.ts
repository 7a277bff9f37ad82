import {
  execFileSync,
  spawn,
  spawnSync,
  type ChildProcessWithoutNullStreams,
  type SpawnSyncReturns,
} from 'node:child_process'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')
/** The launcher `npx observatory` runs. */
export const BIN = join(ROOT, 'scripts/cli-bin/observatory.mjs')
/** The bundled CLI the launcher imports. */
export const BUNDLE = join(ROOT, 'out/cli/observatory.mjs')

/** Bundles the CLI to out/cli (for a test file's `beforeAll`). */
export function buildCli(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT })
}

/** The environment of a CLI run: no Claude config and no price overrides (paths in `dir` that do not exist). */
export function cliEnv(dir: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CLAUDE_CONFIG_DIR: join(dir, 'nothing-here'),
    OBSERVATORY_PRICES: join(dir, 'no-prices.json'),
    ...env,
  }
}

export interface CliOptions {
  /** The test's temp folder, for cliEnv. */
  dir: string
  /** OBSERVATORY_DB, for runs whose arguments carry no --db. */
  db?: string
  env?: NodeJS.ProcessEnv
  /** BIN unless said. */
  bin?: string
  timeout?: number
  /** Runs as this user and group. */
  uid?: number
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
  err: string
}

export function cliResult(r: SpawnSyncReturns<string>): CliRun {
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr }
}

/** Runs the CLI to the end. */
export function runCli(opts: CliOptions, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    encoding: 'utf8',
    ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
    env: cliEnv(opts.dir, { ...(opts.db === undefined ? {} : { OBSERVATORY_DB: opts.db }), ...opts.env }),
  })
  return cliResult(r)
}

/** Starts the CLI (e.g. `serve`) and leaves it running. */
export function spawnCli(
  opts: Pick<CliOptions, 'dir' | 'env' | 'bin'>,
  ...args: string[]
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [opts.bin ?? BIN, ...args], { env: cliEnv(opts.dir, opts.env) })
}
