import { describe, expect, it } from 'vitest'
import type { SessionDetailResult, SessionsResult } from '../../shared/contract'
import { ALL, inBothSchemes, money, useServedFixtures } from './fixture'
import { SessionsPage } from './pages/sessions'

/** Sessions over the real fixtures: the list's count and a session's cost are the contract's. */
const e = useServedFixtures()

describe('Sessions', () => {
  it('lists every session, and the first one’s detail shows its cost', async () => {
    const sessions = await e.served.call<SessionsResult>('sessions', ALL)
    const detail = await e.served.call<SessionDetailResult>('session', { id: sessions.sessions[0]!.id })
    await inBothSchemes(
      e,
      SessionsPage,
      async (s, d, scheme) => {
        await d.settled()
        expect(await s.count.textContent()).toBe(`1–${sessions.total} of ${sessions.total}`)
        await d.screenshot(`sessions-${scheme}`)
        await s.openFirst()
        expect(await s.sessionCost.textContent()).toBe(money(detail.totals.all.cost))
        await d.settled()
        await d.screenshot(`session-${scheme}`)
      },
      false,
    )
  })
})
