import { join } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'

/**
 * The Electron fuses the packaged app is built with (flipped by scripts/after-pack.mjs): the binary
 * cannot be run as plain Node, takes no NODE_OPTIONS or --inspect, loads the app only from its asar
 * and checks that asar's embedded integrity hash. Fuses not listed keep Electron's defaults.
 */
export const FUSES = Object.freeze({
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
})

const ARM64 = 3 // builder-util's Arch.arm64

/** The packed Electron binary (the .app bundle on macOS) inside electron-builder's appOutDir. */
export function packedElectron(ctx) {
  const name = ctx.packager.appInfo.productFilename
  if (ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas')
    return join(ctx.appOutDir, `${name}.app`)
  if (ctx.electronPlatformName === 'win32') return join(ctx.appOutDir, `${name}.exe`)
  return join(ctx.appOutDir, ctx.packager.executableName)
}

/** The fuse config for this pack: arm64 macOS builds need their ad-hoc signature redone after the flip. */
export function fuseConfigFor(ctx) {
  const mac = ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas'
  return mac && ctx.arch === ARM64 ? { ...FUSES, resetAdHocDarwinSignature: true } : { ...FUSES }
}

/** A release build (OBSERVATORY_RELEASE=1) must be code-signed: electron-builder's forceCodeSigning. */
export function isReleaseBuild(env) {
  return env.OBSERVATORY_RELEASE === '1'
}

/** Why this pack may not go on, or null: a release built without forceCodeSigning. */
export function releaseProblem(env, forceCodeSigning) {
  if (!isReleaseBuild(env) || forceCodeSigning) return null
  return 'OBSERVATORY_RELEASE=1 needs a signed build: run `npm run dist:release` (electron-builder -c.forceCodeSigning=true)'
}
