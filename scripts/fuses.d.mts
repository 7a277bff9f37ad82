import type { FuseConfig } from '@electron/fuses'

/** The part of electron-builder's AfterPackContext the hook reads. */
export interface PackInfo {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName?: string; forceCodeSigning?: boolean }
}
export const FUSES: Readonly<FuseConfig>
export function packedElectron(ctx: PackInfo): string
export function fuseConfigFor(ctx: PackInfo): FuseConfig
export function isReleaseBuild(env: Record<string, string | undefined>): boolean
export function releaseProblem(
  env: Record<string, string | undefined>,
  forceCodeSigning: boolean | undefined,
): string | null
