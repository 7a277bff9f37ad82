import { queryClient, useQuery } from '../api/query'
import { useFmt } from '../components/fmt'
import { Query } from '../components/states'

/** The alert history (every threshold crossing, newest first) and snoozing notifications. */
export function AlertHistory() {
  const fmt = useFmt()
  const q = useQuery('alerts', { limit: 100 })
  const snooze = async (minutes: number) => {
    await queryClient().api.call('snoozeAlerts', { minutes })
    queryClient().invalidate()
  }
  return (
    <Query q={q}>
      {(r) => (
        <div data-testid="alert-history">
          <p className="controls">
            {r.snoozedUntil ? (
              <>
                Notifications snoozed until {fmt.dateTime(r.snoozedUntil)}.{' '}
                <button type="button" onClick={() => void snooze(0)}>
                  Resume now
                </button>
              </>
            ) : (
              <>
                <button type="button" onClick={() => void snooze(60)}>
                  Snooze 1 hour
                </button>
                <button type="button" onClick={() => void snooze(24 * 60)}>
                  Snooze 1 day
                </button>
              </>
            )}
          </p>
          {r.alerts.length === 0 ? (
            <p className="muted">No alerts yet. Set budgets above to be told when you cross them.</p>
          ) : (
            <ul className="events">
              {r.alerts.map((a) => (
                <li key={`${a.key}-${a.at}`}>
                  <b className={a.level === 'over' ? 'warn' : undefined}>{a.title}</b> · {fmt.dateTime(a.at)}
                  {a.snoozed && <span className="muted"> (while snoozed)</span>} — {a.body}{' '}
                  <a href={`#/${a.route}`}>Open</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Query>
  )
}
