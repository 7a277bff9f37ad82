import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isSafeExternalUrl,
  secureWebPreferences,
  windowOpenDecision,
} from './security'

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

  it('allows only our own bundle (and the dev server in development)', () => {
    expect(isAllowedNavigation('file:///app/out/renderer/index.html', undefined)).toBe(true)
    expect(isAllowedNavigation('https://example.com/', undefined)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
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
