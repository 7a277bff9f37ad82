import { flipFuses } from '@electron/fuses'
import { fuseConfigFor, packedElectron, releaseProblem } from './fuses.mjs'

/** electron-builder's afterPack hook (electron-builder.yml): refuses unsigned releases, then flips the fuses. */
export default async function afterPack(ctx) {
  const problem = releaseProblem(process.env, ctx.packager.forceCodeSigning)
  if (problem) throw new Error(problem)
  const binary = packedElectron(ctx)
  await flipFuses(binary, fuseConfigFor(ctx))
  console.log(`  • fuses flipped in ${binary}`)
}
