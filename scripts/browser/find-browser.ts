import { join } from 'node:path'

/**
 * Where the dashboards' end-to-end tests and the bench's UI step get a Chromium, in this order:
 * `OBSERVATORY_CHROMIUM`, an installed Chrome, Chromium or Edge in the standard places of the OS,
 * Playwright's own downloaded browser, then the one shipped inside the `@sparticuz/chromium` npm
 * package (Linux x64). Pure: the host (env, OS, file checks) is passed in, so the order is testable.
 */
export type BrowserSource = 'env' | 'system' | 'playwright' | 'npm'
export const BROWSER_SOURCES: readonly BrowserSource[] = ['env', 'system', 'playwright', 'npm']

export type FoundBrowser =
  | { source: 'env' | 'system' | 'playwright'; path: string }
  /** The npm package's binary, still to be unpacked (see launch-browser.ts). */
  | { source: 'npm' }

export interface FinderHost {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  arch: string
  home: string
  exists(path: string): boolean
  /** Where playwright-core keeps its own Chromium (present or not), if it knows. */
  playwrightPath(): string | undefined
  /** Whether `@sparticuz/chromium` is installed. */
  npmPackage(): boolean
}

/** One line saying how to get a browser: the run fails with it, never skips. */
export const NO_BROWSER =
  'No Chromium for the end-to-end tests: set OBSERVATORY_CHROMIUM=/path/to/chrome, install Chrome, Chromium ' +
  'or Edge, or run `npx playwright-core install chromium` (Linux x64: `npm install` brings @sparticuz/chromium).'

export class BrowserNotFound extends Error {}

/** The standard install places of Chrome, Chromium and Edge on each OS, most likely first. */
export function systemBrowserPaths(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  home: string,
): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
    return [...apps.map((a) => join('/Applications', a)), ...apps.map((a) => join(home, 'Applications', a))]
  }
  if (platform === 'win32') {
    const bases = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA ?? env.LocalAppData].filter(
      (b): b is string => !!b,
    )
    const exes = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ]
    return exes.flatMap((exe) => bases.map((b) => `${b}\\${exe}`))
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
  ]
}

/**
 * The first browser in the order above. `OBSERVATORY_BROWSER_SEARCH=npm` (a comma list of sources)
 * narrows the search, e.g. to prove the npm package works on a machine that has a system Chromium.
 */
export function findBrowser(host: FinderHost): FoundBrowser {
  const only = host.env.OBSERVATORY_BROWSER_SEARCH?.split(',').map((s) => s.trim())
  const bad = only?.find((s) => !BROWSER_SOURCES.includes(s as BrowserSource))
  if (bad) throw new BrowserNotFound(`OBSERVATORY_BROWSER_SEARCH: unknown source ${bad} (${BROWSER_SOURCES})`)
  const on = (s: BrowserSource) => !only || only.includes(s)

  const fromEnv = host.env.OBSERVATORY_CHROMIUM
  if (on('env') && fromEnv) {
    if (!host.exists(fromEnv)) throw new BrowserNotFound(`OBSERVATORY_CHROMIUM=${fromEnv} does not exist`)
    return { source: 'env', path: fromEnv }
  }
  if (on('system')) {
    const path = systemBrowserPaths(host.platform, host.env, host.home).find((p) => host.exists(p))
    if (path) return { source: 'system', path }
  }
  if (on('playwright')) {
    const path = host.playwrightPath()
    if (path && host.exists(path)) return { source: 'playwright', path }
  }
  if (on('npm') && host.platform === 'linux' && host.arch === 'x64' && host.npmPackage())
    return { source: 'npm' }
  throw new BrowserNotFound(NO_BROWSER)
}
