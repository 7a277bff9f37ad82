import { createRequire } from 'node:module'

/**
 * `require` that works bundled as CommonJS (Electron main), as ESM (the CLI bundle defines one) and
 * under vitest. Used to load heavy modules only when needed, which keeps CLI start-up short.
 */
export const lazyRequire: NodeJS.Require =
  typeof require === 'function' ? require : createRequire(import.meta.url)
