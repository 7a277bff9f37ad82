import { expect, it } from 'vitest'
import fc from 'fast-check'
import type { ObservatoryApi } from '../shared/app-api'
import { fuzzParams, fuzzTimeout } from './helpers/fuzz'
import { guardedApi } from '../shared/guarded-api'

it(
  'whatever the bridge answers, resolves or throws, the page gets {ok: true, value} or {ok: false, error}',
  async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withNullPrototype: true, withBoxedValues: true }),
        fc.constantFrom('resolve', 'reject', 'throw'),
        async (answer, how) => {
          const api = guardedApi(
            {
              call: () => {
                if (how === 'throw') throw answer
                return how === 'reject' ? Promise.reject(answer) : Promise.resolve(answer)
              },
              on: () => () => {},
            } as unknown as ObservatoryApi,
            () => 1000,
          )
          const r = await api.call('summary', {})
          if (r.ok) expect(r).toHaveProperty('value')
          else expect(typeof r.error.message).toBe('string')
        },
      ),
      fuzzParams(200),
    )
  },
  fuzzTimeout(10_000),
)
