import type { WebPreferences } from 'electron'

/** Every window runs sandboxed, isolated and without Node. */
export function secureWebPreferences(preload: string): WebPreferences {
  return { preload, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true }
}

/** The renderer may only ever show our own bundle. */
export function isAllowedNavigation(url: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true
  return url.startsWith('file://')
}
