import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { BrowserNotFound, findBrowser, type BrowserSource } from './find-browser'

/** A browser ready to launch; plain data, so a test run's global setup can hand it to every file. */
export interface BrowserSpec {
  source: BrowserSource
  executablePath: string
  args: string[]
  /** Added to the browser's environment (the npm binary's libraries and fonts). */
  env: Record<string, string>
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
]

const require = createRequire(import.meta.url)

function resolvable(name: string): string | undefined {
  try {
    return require.resolve(name)
  } catch {
    return undefined
  }
}

/** Finds a browser (see find-browser.ts) and, for the npm package, unpacks it. Throws BrowserNotFound. */
export async function resolveBrowser(env = process.env): Promise<BrowserSpec> {
  const found = findBrowser({
    env,
    platform: process.platform,
    arch: process.arch,
    home: homedir(),
    exists: existsSync,
    playwrightPath: () => {
      try {
        return (require('playwright-core') as typeof import('playwright-core')).chromium.executablePath()
      } catch {
        return undefined
      }
    },
    npmPackage: () => resolvable('@sparticuz/chromium') !== undefined,
  })
  if (found.source !== 'npm') return { ...found, executablePath: found.path, args: ARGS, env: {} }
  return npmBrowser()
}

/**
 * `@sparticuz/chromium` ships a Chromium built for Amazon Linux: its executablePath() unpacks the
 * binary, fonts and SwiftShader into the temp folder. Its NSS/expat libraries (al2023.tar.br) are
 * unpacked only on Lambda; we unpack them too, so the binary also runs where the system lacks them,
 * and point fontconfig at its fonts, so pages render the same on a machine with no fonts installed.
 */
async function npmBrowser(): Promise<BrowserSpec> {
  const { default: Chromium } = (await import('@sparticuz/chromium')) as typeof import('@sparticuz/chromium')
  const executablePath = await Chromium.executablePath()
  const libs = join(tmpdir(), 'al2023')
  if (!existsSync(join(libs, 'lib', 'libnss3.so'))) {
    const pack = join(dirname(dirname(dirname(resolvable('@sparticuz/chromium')!))), 'bin', 'al2023.tar.br')
    mkdirSync(libs, { recursive: true })
    const tar = spawnSync('tar', ['-x', '-C', libs], { input: brotliDecompressSync(readFileSync(pack)) })
    if (tar.status !== 0) throw new BrowserNotFound(`cannot unpack ${pack}: ${tar.stderr}`)
  }
  const ld = [join(libs, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':')
  return {
    source: 'npm',
    executablePath,
    args: [...ARGS, '--no-zygote'],
    env: { LD_LIBRARY_PATH: ld, FONTCONFIG_PATH: join(tmpdir(), 'fonts') },
  }
}

export async function launchBrowser(spec: BrowserSpec): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: spec.executablePath,
    args: spec.args,
    env: { ...process.env, ...spec.env } as Record<string, string>,
  })
}
