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
/** Our index.html as a URL path, decoded (`/C:/…` on Windows). */
const INDEX_PATH = decodeURIComponent(new URL(INDEX_URL).pathname)

/** Hostile URLs: random web URLs, random strings, and near-misses of our own two addresses. */
const urls = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc
    .tuple(fc.constantFrom(INDEX_URL, 'http://localhost:5173', 'file:///', 'FILE:', 'file:/'), fc.string())
    .map(([a, b]) => a + b),
  fc.tuple(fc.string(), fc.constantFrom(INDEX_URL, 'http://localhost:5173/')).map(([a, b]) => a + b),
  fc
    .tuple(fc.constantFrom(...'?#/\\.%\t '), fc.nat(INDEX_URL.length), fc.string({ maxLength: 4 }))
    .map(([c, at, tail]) => INDEX_URL.slice(0, at) + c + tail + INDEX_URL.slice(at)),
  fc.constantFrom('javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank', 'blob:x'),
)

const decoded = (s: string): string | null => {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/**
 * Facts about any URL the window may show, stated independently of security.ts: our index.html as a
 * plain file URL (no host, no query; the text before the hash, percent-decoded, is exactly our path, so
 * no `..`, no other file), or in an unpackaged app the dev origin exactly (http, localhost:5173, no user).
 */
function isOurs(url: string, unpackaged: boolean): boolean {
  const beforeHash = url.split('#')[0]!
  if (/^file:\/\/\//i.test(url) && !beforeHash.includes('?'))
    return process.platform === 'win32'
      ? decoded(beforeHash.slice('file://'.length))?.toLowerCase() === INDEX_PATH.toLowerCase()
      : decoded(beforeHash.slice('file://'.length)) === INDEX_PATH
  if (!unpackaged) return false
  const u = new URL(url)
  return u.protocol === 'http:' && u.host === 'localhost:5173' && u.username === '' && u.password === ''
}

/** Our index.html with any of its path characters (not the slashes) percent-encoded, in either hex case. */
const encodedIndex = fc
  .array(fc.constantFrom('keep', 'upper', 'lower'), {
    minLength: INDEX_PATH.length,
    maxLength: INDEX_PATH.length,
  })
  .map((how) =>
    [...INDEX_PATH]
      .map((ch, i) => {
        if (ch === '/') return ch
        if (how[i] === 'keep') return encodeURIComponent(ch)
        const hex = [...Buffer.from(ch)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
        return how[i] === 'upper' ? hex.toUpperCase() : hex
      })
      .join(''),
  )
  .map((path) => `file://${path}`)

describe('shell decisions on hostile input', () => {
  it(
    'never allows a navigation or an IPC sender other than our index.html or the dev origin',
    () => {
      fc.assert(
        fc.property(urls, fc.boolean(), (url, top) => {
          for (const [o, unpackaged] of [
            [packaged, false],
            [dev, true],
          ] as const) {
            if (isAllowedNavigation(url, o)) expect(isOurs(url, unpackaged), url).toBe(true)
            if (isTrustedSender({ url, parent: top ? null : {} }, o))
              expect(top && isOurs(url, unpackaged), url).toBe(true)
          }
        }),
        fuzzParams(300),
      )
    },
    fuzzTimeout(10_000),
  )

  it(
    'allows our index.html however its path is percent-encoded, with any hash',
    () => {
      fc.assert(
        fc.property(encodedIndex, fc.option(fc.string()), (url, hash) => {
          const full = hash === null ? url : `${url}#${encodeURIComponent(hash)}`
          for (const o of [packaged, dev]) expect(isAllowedNavigation(full, o), full).toBe(true)
        }),
        fuzzParams(200),
      )
    },
    fuzzTimeout(10_000),
  )

  it(
    'refuses a query, a dot segment, another host, another file and other schemes in a packaged app',
    () => {
      const segments = INDEX_URL.slice('file://'.length).split('/')
      const nearMiss = fc.oneof(
        fc.string().map((q) => `${INDEX_URL}?${encodeURIComponent(q)}`),
        fc
          .tuple(
            fc.integer({ min: 1, max: segments.length - 1 }),
            fc.constantFrom('..', '.', '%2e%2e', '%2E'),
          )
          .map(([at, dot]) => `file://${[...segments.slice(0, at), dot, ...segments.slice(at)].join('/')}`),
        fc.domain().map((host) => `file://${host}${INDEX_URL.slice('file://'.length)}`),
        fc
          .stringMatching(/^[a-zA-Z0-9_-]{1,12}(\.html?)?$/)
          .filter((f) => f !== 'index.html')
          .map((f) => INDEX_URL.replace(/index\.html$/, f)),
        fc
          .tuple(fc.constantFrom('javascript:', 'data:', 'http:', 'https:', 'blob:', 'about:'), fc.string())
          .map(([scheme, rest]) => scheme + rest),
        fc.constantFrom('http://localhost:5173/', 'http://localhost:5173/#/x'),
      )
      fc.assert(
        fc.property(nearMiss, (url) => {
          expect(isAllowedNavigation(url, packaged), url).toBe(false)
          expect(isTrustedSender({ url, parent: null }, packaged), url).toBe(false)
          if (isAllowedNavigation(url, dev)) expect(new URL(url).origin, url).toBe('http://localhost:5173')
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
