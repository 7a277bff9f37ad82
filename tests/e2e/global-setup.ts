import type { TestProject } from 'vitest/node'
import { BrowserNotFound } from '../../scripts/browser/find-browser'
import { resolveBrowser, type BrowserSpec } from '../../scripts/browser/launch-browser'
import { buildAll } from './harness'

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserSpec
  }
}

/**
 * Once per `npm run test:e2e`: finds the browser (unpacking the npm one if that is the one), then
 * builds the CLI and the dashboard. No browser fails the run with one line, never a skip.
 */
export default async function setup(project: TestProject): Promise<void> {
  let spec: BrowserSpec
  try {
    spec = await resolveBrowser()
  } catch (e) {
    if (!(e instanceof BrowserNotFound)) throw e
    // Thrown, vitest would add "No test files found" and a stack: say the one line and stop.
    process.stderr.write(`${e.message}\n`)
    process.exit(1)
  }
  console.log(`e2e: ${spec.source} browser ${spec.executablePath}`)
  buildAll()
  project.provide('browser', spec)
}
