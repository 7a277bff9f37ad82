import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  appOrigin,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  rendererUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security'

const INDEX = join(__dirname, '../../out/renderer/index.html')
const INDEX_URL = pathToFileURL(INDEX).href
const BASE = { indexUrl: INDEX_URL, indexPath: INDEX, platform: process.platform }

describe('window security decisions', () => {
  it('runs every renderer sandboxed, isolated and without Node', () => {
    expect(secureWebPreferences('/p/preload.js')).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/p/preload.js',
    })
  })

  it('honours ELECTRON_RENDERER_URL only in an unpackaged app and only on loopback http(s)', () => {
    const dev = 'http://localhost:5173'
    expect(appOrigin({ isPackaged: true, devUrl: dev, indexFile: INDEX })).toEqual(BASE)
    const unpacked = appOrigin({ isPackaged: false, devUrl: `${dev}/`, indexFile: INDEX })
    expect(unpacked).toEqual({ ...BASE, devOrigin: dev })
    expect(rendererUrl(unpacked)).toBe(`${dev}/`)
    expect(rendererUrl(appOrigin({ isPackaged: true, devUrl: dev, indexFile: INDEX }))).toBe(INDEX_URL)
    for (const bad of [
      'https://evil.com',
      'file:///tmp/x.html',
      'javascript:alert(1)',
      'nope',
      'http://u@localhost:1',
    ])
      expect(appOrigin({ isPackaged: false, devUrl: bad, indexFile: INDEX })).toEqual(BASE)
  })

  it('allows only our own index.html (any hash) and the exact dev origin', () => {
    const packaged = appOrigin({ isPackaged: true, devUrl: undefined, indexFile: INDEX })
    expect(isAllowedNavigation(INDEX_URL, packaged)).toBe(true)
    expect(isAllowedNavigation(`${INDEX_URL}#/sessions`, packaged)).toBe(true)
    for (const bad of [
      'file:///etc/passwd',
      pathToFileURL(join(__dirname, '../../out/renderer/other.html')).href,
      `${INDEX_URL}?x=1`,
      'https://example.com/',
      'http://localhost:5173/',
      'not a url',
    ])
      expect(isAllowedNavigation(bad, packaged), bad).toBe(false)
    const dev = appOrigin({ isPackaged: false, devUrl: 'http://localhost:5173', indexFile: INDEX })
    expect(isAllowedNavigation('http://localhost:5173/#/x', dev)).toBe(true)
    for (const bad of [
      'http://localhost:5173.evil.com/',
      'http://localhost:51730/',
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://localhost@evil.com:5173/',
    ])
      expect(isAllowedNavigation(bad, dev), bad).toBe(false)
  })

  it("compares file URLs as paths: Chromium's drive letter and percent-encoding, not Node's", () => {
    // Launched from a lowercase c:\ path: Node writes file:///c:/…, Chromium reports file:///C:/….
    const win = appOrigin({
      isPackaged: true,
      devUrl: undefined,
      indexFile: 'c:\\Program Files\\Observatory (beta)\\resources\\app.asar\\out\\renderer\\index.html',
      platform: 'win32',
    })
    expect(win.indexUrl).toBe(
      'file:///c:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/index.html',
    )
    const chromium =
      'file:///C:/Program%20Files/Observatory%20%28beta%29/resources/app.asar/out/renderer/index.html'
    expect(isAllowedNavigation(chromium, win)).toBe(true)
    expect(isAllowedNavigation(`${chromium}#/sessions`, win)).toBe(true)
    expect(isTrustedSender({ url: `${chromium}#/overview`, parent: null }, win)).toBe(true)
    expect(isAllowedNavigation(chromium.replace('Program', 'PROGRAM'), win)).toBe(true) // win32 ignores case
    for (const bad of [
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/other.html',
      'file:///D:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/index.html',
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/x/../index.html',
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/%2e/index.html',
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/index.html?x=1',
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/index.html?',
      'file://evil/C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer/index.html',
      'file:///C:/Program%20Files/Observatory%20(beta)/resources/app.asar/out/renderer%5Cindex.html',
      'file:///etc/passwd',
      'https://example.com/',
    ])
      expect(isAllowedNavigation(bad, win), bad).toBe(false)

    // Elsewhere paths are exact (case matters), percent-encoding still compared decoded.
    const mac = appOrigin({
      isPackaged: true,
      devUrl: undefined,
      indexFile: '/Applications/Observatory (beta).app/Contents/Resources/app.asar/out/renderer/index.html',
      platform: 'darwin',
    })
    const url =
      'file:///Applications/Observatory%20%28beta%29.app/Contents/Resources/app.asar/out/renderer/index.html'
    expect(isAllowedNavigation(url, mac)).toBe(true)
    expect(isAllowedNavigation(url.replace('%28', '(') + '#/x', mac)).toBe(true)
    for (const bad of [
      url.replace('Applications', 'applications'),
      url.replace('/index.html', '/../renderer/index.html'),
      url.replace('/renderer/', '/renderer/%2E%2E/renderer/'),
      url.replace('/index.html', '%2Findex.html'),
      `${url}?a`,
      url.replace('file:///', 'file://other-host/'),
      url.replace('index.html', 'index.htm'),
    ])
      expect(isAllowedNavigation(bad, mac), bad).toBe(false)
  })

  it('answers IPC only from the top frame of our own page', () => {
    const o = appOrigin({ isPackaged: true, devUrl: undefined, indexFile: INDEX })
    expect(isTrustedSender({ url: `${INDEX_URL}#/overview`, parent: null }, o)).toBe(true)
    expect(isTrustedSender({ url: `${INDEX_URL}#/overview`, parent: {} }, o)).toBe(false)
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, o)).toBe(false)
    expect(isTrustedSender({ url: 'https://example.com/', parent: null }, o)).toBe(false)
    expect(isTrustedSender(null, o)).toBe(false)
  })

  it('keeps DevTools out of a packaged app', () => {
    expect(secureWebPreferences('/p.js').devTools).toBe(false)
    expect(secureWebPreferences('/p.js', true).devTools).toBe(true)
  })

  it('the page carries the strict CSP: no eval, no remote scripts or connections', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|http:/)
  })

  it('opens only plain https links externally and never a new window', () => {
    expect(isSafeExternalUrl('https://docs.anthropic.com/claude-code')).toBe(true)
    for (const bad of [
      'http://x.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://u:p@x.com',
      'smb://h/s',
      'nope',
    ])
      expect(isSafeExternalUrl(bad)).toBe(false)
    expect(windowOpenDecision('https://x.com')).toEqual({ action: 'deny', openExternally: true })
    expect(windowOpenDecision('file:///x')).toEqual({ action: 'deny', openExternally: false })
  })
})
