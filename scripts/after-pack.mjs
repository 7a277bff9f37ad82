/**
 * electron-builder's afterPack hook (electron-builder.yml): a release build (OBSERVATORY_RELEASE=1) must
 * be code-signed. The fuses are electron-builder's own `electronFuses:` (flipped after this hook, right
 * before signing, and once on the merged app of a macOS universal build).
 */
export default async function afterPack(ctx) {
  const problem = releaseProblem(process.env, ctx.packager.forceCodeSigning)
  if (problem) throw new Error(problem)
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
