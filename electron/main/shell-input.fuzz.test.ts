import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fuzzParams, fuzzTimeout } from '../../tests/helpers/fuzz'
import { shellRequest } from './export-dialog'
import { appOrigin, isAllowedNavigation, isTrustedSender } from './security'

const INDEX = join(__dirname, '../../out/renderer/index.html')
const INDEX_URL = pathToFileURL(INDEX).href
const packaged = appOrigin({ isPackaged: true, devUrl: 'http://localhost:5173', indexFile: INDEX })
const dev = appOrigin({ isPackaged: false, devUrl: 'http://localhost:5173', indexFile: INDEX })

/** Hostile URLs: random web URLs, random strings, and near-misses of our own two addresses. */
const urls = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc
    .tuple(fc.constantFrom(INDEX_URL, 'http://localhost:5173', 'file:///'), fc.string())
    .map(([a, b]) => a + b),
  fc.tuple(fc.string(), fc.constantFrom(INDEX_URL, 'http://localhost:5173/')).map(([a, b]) => a + b),
)

const ours = (u: string, o: typeof dev): boolean => {
  const x = new URL(u)
  if (o.devOrigin && x.origin === o.devOrigin) return true
  x.hash = ''
  return x.href === o.indexUrl
}

describe('shell decisions on hostile input', () => {
  it(
    'never allows a navigation or an IPC sender other than our index.html or the dev origin',
    () => {
      fc.assert(
        fc.property(urls, fc.boolean(), (url, top) => {
          for (const o of [packaged, dev]) {
            if (isAllowedNavigation(url, o)) expect(ours(url, o)).toBe(true)
            if (isTrustedSender({ url, parent: top ? null : {} }, o)) expect(top && ours(url, o)).toBe(true)
          }
          expect(isAllowedNavigation(url, packaged) && new URL(url).protocol).not.toBe('http:')
        }),
        fuzzParams(300),
      )
    },
    fuzzTimeout(10_000),
  )

  it(
    'an export request is either refused with a validation error or goes through the dialog without a path',
    () => {
      const exportArgs = fc.oneof(
        fc.anything(),
        fc.record(
          {
            view: fc.oneof(fc.constantFrom('models', 'cost', 'tools'), fc.string()),
            format: fc.oneof(fc.constantFrom('csv', 'json', 'pdf'), fc.string()),
            path: fc.oneof(fc.string(), fc.constant('/etc/passwd'), fc.anything()),
            table: fc.oneof(fc.string(), fc.anything()),
            anonymize: fc.anything(),
          },
          { requiredKeys: [] },
        ),
      )
      fc.assert(
        fc.property(exportArgs, (args) => {
          const r = shellRequest('exportView', args)
          expect(r.kind).not.toBe('relay')
          if (r.kind === 'save') expect(r.args).not.toHaveProperty('path')
          else if (r.kind === 'invalid')
            expect(r.result).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
        }),
        fuzzParams(300),
      )
    },
    fuzzTimeout(10_000),
  )
})
