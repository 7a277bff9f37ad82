import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParams, fuzzTimeout } from '../../../tests/helpers/fuzz'
import { scrubErrorText } from './scrub-error'

/** A name someone might have: letters, digits, dashes; not one of the words the scrubber keeps. */
const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{3,14}$/)
  .filter((w) => !/^(error|failed|denied|request|open|file|the|not|does|have|access)$/i.test(w))

/** Where a name shows up in real tool errors (see the tools metric and the issue's examples). */
const shapes: ((w: string) => string)[] = [
  (w) => `repository '${w}' owned by ${w}`,
  (w) => `repository ${w} not found`,
  (w) => `user ${w} does not have access`,
  (w) => `ENOENT: no such file or directory, open /home/${w}/notes.txt`,
  (w) => `cannot read C:\\Users\\${w}\\x`,
  (w) => `fetch https://${w}.example.com/api?x=1 failed`,
  (w) => `mail ${w}@example.org bounced`,
  (w) => `invalid value "${w}" for --flag`,
  (w) => `push rejected by ${w}`,
  (w) => `project: ${w} is archived`,
]
const filler = fc.constantFrom('', 'Error: ', 'fatal: ', '(exit 1) ', 'Command failed: ', 'warning; ')

describe('scrubErrorText (fuzz)', () => {
  it(
    'a name in any of the known shapes never survives, whatever surrounds it',
    () => {
      fc.assert(
        fc.property(name, fc.constantFrom(...shapes.keys()), filler, filler, (w, i, pre, post) => {
          const out = scrubErrorText(`${pre}${shapes[i]!(w)}${post ? ` ${post}` : ''}`)
          expect(out.toLowerCase()).not.toContain(w.toLowerCase())
        }),
        fuzzParams(300),
      )
    },
    fuzzTimeout(10_000),
  )

  it(
    'any text: never throws, one line of at most 160 characters, no digits left',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
          const out = scrubErrorText(s)
          expect(out.length).toBeLessThanOrEqual(160)
          expect(out).not.toMatch(/[\n\p{Nd}]/u)
        }),
        fuzzParams(300),
      )
    },
    fuzzTimeout(10_000),
  )

  it('a known value is cut wherever it appears (short ones as whole words), in any case', () => {
    fc.assert(
      fc.property(name, filler, (w, pre) => {
        const glued = scrubErrorText(`${pre}build of ${w.toUpperCase()}X broke`, [w])
        const alone = scrubErrorText(`${pre}build of (${w.toUpperCase()}) broke`, [w])
        if (w.length >= 5) expect(glued.toLowerCase()).not.toContain(w.toLowerCase())
        expect(alone.toLowerCase()).not.toContain(w.toLowerCase())
      }),
      fuzzParams(200),
    )
  })
})
