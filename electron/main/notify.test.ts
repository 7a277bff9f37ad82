import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { AlertEntry } from '../../shared/contract'
import { alertNotification, NotificationKeeper, reportNotification } from './notify'

const alert: AlertEntry = {
  key: 'daily:2026-11-24:over',
  rule: 'daily',
  level: 'over',
  title: 'Daily budget reached',
  body: '$10.50 spent of your $10.00 daily budget (2026-11-24).',
  value: 10.5,
  limit: 10,
  route: 'cost',
  at: '2026-11-24T15:00:00.000Z',
  snoozed: false,
}

it('turns an alert into one notification that opens its view; a snoozed alert shows none', () => {
  expect(alertNotification(alert)).toEqual({
    title: 'Observatory: Daily budget reached',
    body: alert.body,
    route: 'cost',
  })
  expect(alertNotification({ ...alert, snoozed: true })).toBeNull()
})

it('announces a written report with its file', () => {
  expect(
    reportNotification({
      period: 'weekly',
      label: '2026-11-16',
      path: '/r/observatory-weekly-2026-11-16.pdf',
    }),
  ).toEqual({
    title: 'Observatory: weekly report ready',
    body: '2026-11-16: /r/observatory-weekly-2026-11-16.pdf',
    path: '/r/observatory-weekly-2026-11-16.pdf',
  })
})

describe('shown notifications', () => {
  class FakeNotification extends EventEmitter {
    shown = 0
    show() {
      this.shown++
    }
  }

  it('are held until clicked, closed or failed, and a click still routes', () => {
    const keeper = new NotificationKeeper<FakeNotification>()
    const routes: string[] = []
    const [a, b, c] = [new FakeNotification(), new FakeNotification(), new FakeNotification()]
    keeper.show(a, () => routes.push('alerts'))
    keeper.show(b, () => routes.push('b'))
    keeper.show(c, () => routes.push('c'))
    expect([a.shown, keeper.size]).toEqual([1, 3])
    a.emit('click')
    expect(routes).toEqual(['alerts'])
    expect(keeper.size).toBe(2)
    b.emit('close')
    c.emit('failed', {}, 'no notification server')
    expect(keeper.size).toBe(0)
    expect(routes).toEqual(['alerts'])
  })
})
