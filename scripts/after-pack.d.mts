import type { PackInfo } from './fuses.mjs'

export default function afterPack(ctx: PackInfo): Promise<void>
