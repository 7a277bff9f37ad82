import { describe, expect, it } from 'vitest'
import { findBrowser, NO_BROWSER, systemBrowserPaths, type FinderHost } from '../scripts/browser/find-browser'

const PW = '/home/u/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'

/** A host whose disk holds exactly `files`. */
function host(files: string[], over: Partial<FinderHost> = {}): FinderHost {
  return {
    env: {},
    platform: 'linux',
    arch: 'x64',
    home: '/home/u',
    exists: (p) => files.includes(p),
    playwrightPath: () => PW,
    npmPackage: () => true,
    ...over,
  }
}

describe('browser finder', () => {
  it('takes OBSERVATORY_CHROMIUM first, then the system, then Playwright’s, then the npm package', () => {
    const all = ['/opt/my/chrome', '/usr/bin/google-chrome', PW]
    const env = { OBSERVATORY_CHROMIUM: '/opt/my/chrome' }
    expect(findBrowser(host(all, { env }))).toEqual({ source: 'env', path: '/opt/my/chrome' })
    expect(findBrowser(host(all))).toEqual({ source: 'system', path: '/usr/bin/google-chrome' })
    expect(findBrowser(host([PW]))).toEqual({ source: 'playwright', path: PW })
    expect(findBrowser(host([]))).toEqual({ source: 'npm' })
  })

  it('prefers Chromium over Chrome over Edge on Linux', () => {
    const linux = ['/usr/bin/microsoft-edge', '/usr/bin/google-chrome-stable', '/usr/bin/chromium']
    expect(findBrowser(host(linux))).toEqual({ source: 'system', path: '/usr/bin/chromium' })
    expect(findBrowser(host(linux.slice(0, 2)))).toEqual({
      source: 'system',
      path: '/usr/bin/google-chrome-stable',
    })
  })

  it('knows the standard places on macOS and Windows', () => {
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
    const userChrome = '/Users/u/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    const mac = (files: string[]) => host(files, { platform: 'darwin', arch: 'arm64', home: '/Users/u' })
    expect(findBrowser(mac([edge, userChrome]))).toEqual({ source: 'system', path: edge })
    expect(findBrowser(mac([userChrome]))).toEqual({ source: 'system', path: userChrome })
    const env = {
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local',
    }
    const paths = systemBrowserPaths('win32', env, 'C:\\Users\\u')
    expect(paths).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe')
    expect(paths).toContain('C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe')
    const win = (files: string[]) => host(files, { platform: 'win32', env })
    expect(
      findBrowser(
        win([
          'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
          'C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
        ]),
      ),
    ).toEqual({
      source: 'system',
      path: 'C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    })
  })

  it('uses the npm package only on Linux x64, and fails with one line that says how to get a browser', () => {
    expect(() => findBrowser(host([], { arch: 'arm64' }))).toThrow(NO_BROWSER)
    expect(() => findBrowser(host([], { platform: 'darwin' }))).toThrow(NO_BROWSER)
    expect(() => findBrowser(host([], { npmPackage: () => false }))).toThrow(NO_BROWSER)
    expect(() => findBrowser(host([], { playwrightPath: () => undefined, npmPackage: () => false }))).toThrow(
      NO_BROWSER,
    )
    expect(NO_BROWSER).not.toContain('\n')
  })

  it('a set OBSERVATORY_CHROMIUM that is missing is an error, not a fallback', () => {
    const env = { OBSERVATORY_CHROMIUM: '/nope/chrome' }
    expect(() => findBrowser(host(['/usr/bin/chromium'], { env }))).toThrow(
      'OBSERVATORY_CHROMIUM=/nope/chrome',
    )
  })

  it('OBSERVATORY_BROWSER_SEARCH narrows the sources (to prove the npm package works beside a system one)', () => {
    const files = ['/usr/bin/chromium', PW]
    expect(findBrowser(host(files, { env: { OBSERVATORY_BROWSER_SEARCH: 'npm' } }))).toEqual({
      source: 'npm',
    })
    expect(findBrowser(host(files, { env: { OBSERVATORY_BROWSER_SEARCH: 'playwright,npm' } }))).toEqual({
      source: 'playwright',
      path: PW,
    })
    expect(() => findBrowser(host(files, { env: { OBSERVATORY_BROWSER_SEARCH: 'apt' } }))).toThrow(
      'unknown source apt',
    )
  })
})
