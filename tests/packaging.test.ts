import { afterEach, describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import afterPack, { type PackInfo } from '../scripts/after-pack.mjs'

const ROOT = join(__dirname, '..')
// js-yaml comes with electron-builder (not a direct dependency of ours).
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const builder = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  afterPack?: string
  electronFuses?: Record<string, boolean>
  files: string[]
  forceCodeSigning?: boolean
  mac: { entitlements?: string; entitlementsInherit?: string; hardenedRuntime?: boolean }
}

/** A stand-in for Electron's binary: its fuse sentinel, wire version 1 and 9 fuses as Electron ships them. */
function fakeElectron(file: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const wire = [1, 0, 1, 1, 0, 0, 0, 1, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE))
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, wire.length, ...wire]),
      Buffer.alloc(4096, 7),
    ]),
  )
}

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
  delete process.env.OBSERVATORY_RELEASE
})

const pack = (platform: string, appOutDir: string, forceCodeSigning = false): PackInfo => ({
  appOutDir,
  electronPlatformName: platform,
  arch: 1, // x64
  packager: { appInfo: { productFilename: 'Observatory' }, executableName: 'observatory', forceCodeSigning },
})

describe('packaging', () => {
  it("sets exactly these fuses through electron-builder's electronFuses, and the afterPack hook", () => {
    expect(builder.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      resetAdHocDarwinSignature: true,
    })
    // Every key is one electron-builder knows (it skips others silently).
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
    }
    for (const k of Object.keys(builder.electronFuses!))
      expect(Object.keys(scheme.definitions.FuseOptionsV1.properties)).toContain(k)
    expect(builder.afterPack).toBe('./scripts/after-pack.mjs')
    expect(existsSync(join(ROOT, builder.afterPack!))).toBe(true)
  })

  it.each([
    ['linux', 'observatory'],
    ['win32', 'Observatory.exe'],
    ['darwin', 'Observatory.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
  ])('electron-builder flips our fuses in the packed %s binary', async (platform, binary) => {
    dir = mkdtempSync(join(tmpdir(), 'obs-pack-'))
    fakeElectron(join(dir, binary))
    // electron-builder's own mapping of `electronFuses:` and its own @electron/fuses, as `dist` runs them.
    const lib = require('app-builder-lib') as {
      PlatformPackager: { prototype: Record<string, (...a: unknown[]) => Promise<Record<string, unknown>>> }
    }
    const config = await lib.PlatformPackager.prototype.generateFuseConfig!.call(null, builder.electronFuses)
    // The ad-hoc re-signing runs macOS's codesign, which this test cannot.
    const flip = { ...config, resetAdHocDarwinSignature: false }
    const packager = { appInfo: { productFilename: platform === 'linux' ? 'observatory' : 'Observatory' } }
    await lib.PlatformPackager.prototype.addElectronFuses!.call(
      packager,
      { appOutDir: dir, electronPlatformName: platform },
      flip,
    )
    const wire = await getCurrentFuseWire(join(dir, binary))
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    // Not ours to change: Electron's defaults stay.
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE)
  })

  it('a release build (OBSERVATORY_RELEASE=1) is refused unless code signing is forced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'obs-pack-'))
    const bin = join(dir, 'observatory')
    fakeElectron(bin)
    const before = readFileSync(bin)
    process.env.OBSERVATORY_RELEASE = '1'
    await expect(afterPack(pack('linux', dir))).rejects.toThrow(/forceCodeSigning/)
    await afterPack(pack('linux', dir, true))
    delete process.env.OBSERVATORY_RELEASE
    await afterPack(pack('linux', dir))
    // The hook only checks: the fuses are electron-builder's to flip (once).
    expect(readFileSync(bin).equals(before)).toBe(true)
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts['dist:release']).toContain('-c.forceCodeSigning=true')
    expect(builder.forceCodeSigning).not.toBe(true) // local builds stay unsigned
  })

  it('signs macOS with our entitlements, without disable-library-validation', () => {
    expect(builder.mac.hardenedRuntime).toBe(true)
    for (const f of [builder.mac.entitlements, builder.mac.entitlementsInherit]) {
      const plist = readFileSync(join(ROOT, f!), 'utf8')
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])
      expect(keys).toEqual(['com.apple.security.cs.allow-jit'])
    }
  })

  it('packs only what the app loads: an allowlist of out/main, out/preload, out/renderer and resources', () => {
    expect(builder.files).toEqual([
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      '!**/*.map',
      'resources/**',
      '!resources/entitlements.mac.plist',
      'package.json',
    ])
    // electron-builder's own matcher over the yml's patterns, as `dist` applies them to the project.
    const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
      FileMatcher: new (
        from: string,
        to: string,
        expand: (s: string) => string,
        patterns: string[],
      ) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean }
    }
    const filter = new FileMatcher(ROOT, '/app', (x) => x, builder.files).createFilter()
    const packed = (f: string) => filter(join(ROOT, f), { isDirectory: () => false })
    for (const f of [
      'out/main/index.js',
      'out/main/core-worker-Bx1.js', // ?nodeWorker chunks land beside the main bundle
      'out/main/parse-worker-C2d.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index-D3e.js',
      'resources/icon.png',
      'resources/tray.png',
      'package.json',
    ])
      expect(packed(f), f).toBe(true)
    for (const f of [
      'out/test-shell/harness.mjs', // built by electron/main/core-worker.test.ts
      'out/test-shell/core-worker.mjs',
      'out/cli/observatory.mjs',
      'out/other/x.js',
      'out/stray.txt',
      'out/main/index.js.map',
      'out/renderer/assets/index-D3e.js.map',
      'resources/entitlements.mac.plist',
      'electron/main/index.ts',
      '.native/electron-45/better_sqlite3.node',
    ])
      expect(packed(f), f).toBe(false)
  })
})

describe('Electron is never loaded outside the app', () => {
  const sources = (d: string): string[] =>
    readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|tsx|mjs|cjs|js)$/.test(f) && !f.includes('node_modules'))
      .map((f) => join(d, f))
  // Only the shell's entry points import electron's runtime; tests and the build may not load them.
  const SHELL = ['electron/main/index.ts', 'electron/main/tray.ts', 'electron/preload/index.ts']

  it('only the shell entry points import electron at runtime, and nothing imports them', () => {
    const files = ['electron', 'shared', 'renderer/src', 'tests', 'scripts'].flatMap(sources)
    const runtime = files.filter((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8')
      const imports = [...text.matchAll(/^import\s+(type\s+)?(?:\{[^}]*\}|[\w*\s,]+)\s+from\s+'([^']+)'/gm)]
      return (
        imports.some((m) => m[2] === 'electron' && !m[1]) ||
        /require\(\s*'electron'\s*\)|import\(\s*'electron'\s*\)/.test(text)
      )
    })
    expect(runtime.sort()).toEqual([...SHELL].sort())
    // Relative imports resolved to repo paths: none may reach a shell entry point (index.ts is the root).
    const importers = files.filter((f) =>
      [...readFileSync(join(ROOT, f), 'utf8').matchAll(/from\s+'(\.[^']+)'/g)].some((m) =>
        SHELL.includes(`${relative(ROOT, resolve(ROOT, dirname(f), m[1]!))}.ts`),
      ),
    )
    expect(importers).toEqual(['electron/main/index.ts'])
  })
})
