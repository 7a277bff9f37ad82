import { describe, expect, it } from 'vitest'
import { isAllowedNavigation, secureWebPreferences } from './security'

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
})
