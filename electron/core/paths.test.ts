import { describe, expect, it } from 'vitest'
import { appDataDir, defaultDbPath, defaultRoots } from './paths'

describe('default roots', () => {
  it('lists every CLAUDE_CONFIG_DIR entry first, then ~/.config/claude and ~/.claude', () => {
    expect(defaultRoots({ CLAUDE_CONFIG_DIR: '/a, /b ,' }, '/home/u', 'linux')).toEqual([
      '/a',
      '/b',
      '/home/u/.config/claude',
      '/home/u/.claude',
    ])
  })

  it('adds the Windows profile folder on Windows', () => {
    const roots = defaultRoots({ USERPROFILE: 'C:\\Users\\me' }, 'C:\\Users\\me', 'win32')
    expect(roots[roots.length - 1]).toMatch(/Users.me.\.claude$/)
  })
})

describe('data folder', () => {
  it('matches Electron userData for "Observatory" on each platform', () => {
    expect(appDataDir({}, '/home/u', 'linux')).toBe('/home/u/.config/Observatory')
    expect(appDataDir({ XDG_CONFIG_HOME: '/x' }, '/home/u', 'linux')).toBe('/x/Observatory')
    expect(appDataDir({}, '/Users/u', 'darwin')).toBe('/Users/u/Library/Application Support/Observatory')
    expect(appDataDir({ APPDATA: 'C:\\AppData' }, 'C:\\u', 'win32')).toMatch(/AppData.Observatory$/)
  })

  it('lets OBSERVATORY_DB override the store path', () => {
    expect(defaultDbPath({ OBSERVATORY_DB: '/tmp/x.db' })).toBe('/tmp/x.db')
  })
})
