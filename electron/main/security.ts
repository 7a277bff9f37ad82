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

/**
 * The renderer's Content-Security-Policy (also the <meta> in renderer/index.html; a test keeps them
 * equal): only our own scripts, no eval, no remote connections except our own origin (serve mode).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/** Links the app may hand to the OS browser: https only, no credentials in the URL. */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  return u.protocol === 'https:' && u.username === '' && u.password === ''
}

/** New windows are never opened; a safe https link goes to the OS browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) }
}
