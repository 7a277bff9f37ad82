import { afterEach, expect, it, vi } from 'vitest'
import { SLICE_MS, timeSlicer } from './time-slice'

afterEach(() => {
  vi.useRealTimers()
})

it('yields once SLICE_MS have passed since the last yield, and not before', async () => {
  // Only the clock the slicer reads is fake: its yield (setImmediate) stays real.
  vi.useFakeTimers({ toFake: ['performance'] })
  const slice = timeSlicer()
  vi.advanceTimersByTime(SLICE_MS - 1)
  expect(slice()).toBeUndefined()
  vi.advanceTimersByTime(1)
  const turn = slice()
  expect(turn).toBeInstanceOf(Promise)
  await turn
  // The slice starts again after the yield.
  vi.advanceTimersByTime(SLICE_MS - 1)
  expect(slice()).toBeUndefined()
  vi.advanceTimersByTime(1)
  expect(slice()).toBeInstanceOf(Promise)
})

it('a yield lets queued callbacks run before the work goes on', async () => {
  vi.useFakeTimers({ toFake: ['performance'] })
  const slice = timeSlicer(0)
  const order: string[] = []
  setImmediate(() => order.push('other'))
  vi.advanceTimersByTime(1)
  await slice()
  order.push('work')
  expect(order).toEqual(['other', 'work'])
})
