import { expect, it } from 'vitest'
import { scrubErrorText } from './scrub-error'

it('reduces tool error texts to their shape', () => {
  expect(scrubErrorText("repository 'secretproj' owned by dain")).toBe('repository <quoted> owned by <name>')
  expect(scrubErrorText('user dain does not have access (HTTP 403)')).toBe(
    'user <name> does not have access (HTTP N)',
  )
  expect(scrubErrorText('GET https://git.acme.io/x?token=1 from me@acme.io failed')).toBe(
    'GET <url> from <email> failed',
  )
  expect(scrubErrorText('ENOENT: no such file or directory, open /Users/dain/app/x.ts')).toBe(
    'ENOENT: no such file or directory, open <path>',
  )
  // Ordinary sentences keep their words; only the first line is kept.
  expect(scrubErrorText("The user doesn't want to proceed with this tool use.\nmore")).toBe(
    "The user doesn't want to proceed with this tool use.",
  )
  // Known values (project names, source labels …): anywhere when long, as words when short.
  expect(scrubErrorText('build of acme-web failed on kite', ['acme-web', 'kite'])).toBe(
    'build of <name> failed on <name>',
  )
  expect(scrubErrorText('kitesurf', ['kite'])).toBe('kitesurf')
  expect(scrubErrorText('Command failed: cd ui && npm test', ['ui'])).toBe(
    'Command failed: cd <name> && npm test',
  )
  expect(scrubErrorText('build guide', ['ui'])).toBe('build guide')
})
