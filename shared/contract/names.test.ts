import { expect, it } from 'vitest'
import { REQUESTS } from './index'
import { REQUEST_NAMES, requestChannel } from './names'

it('lists exactly the requests of the contract map (the preload and IPC channels use this list)', () => {
  expect([...REQUEST_NAMES].sort()).toEqual(Object.keys(REQUESTS).sort())
  expect(new Set(REQUEST_NAMES.map(requestChannel)).size).toBe(REQUEST_NAMES.length)
})
