/** The part of electron-builder's AfterPackContext the hook reads. */
export interface PackInfo {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName?: string; forceCodeSigning?: boolean }
}

export default function afterPack(ctx: PackInfo): Promise<void>
export function isReleaseBuild(env: Record<string, string | undefined>): boolean
export function releaseProblem(
  env: Record<string, string | undefined>,
  forceCodeSigning: boolean | undefined,
): string | null
