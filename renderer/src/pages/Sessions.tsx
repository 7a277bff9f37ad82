import { useEffect, useState } from 'react'
import type { SessionRow } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { useFmt } from '../components/fmt'
import { Panel, Query } from '../components/states'
import { navigate } from '../state/router'
import { useCommonArgs } from '../state/ui'

type Sort = 'cost' | 'tokens' | 'duration' | 'prompts' | 'lastActivity'
const PAGE = 50

/** Server-side sorted, searched and paged: works the same for 50 sessions or 50,000. */
export function Sessions() {
  const args = useCommonArgs()
  const fmt = useFmt()
  const [search, setSearch] = useState('')
  const [debounced, setDebounced] = useState('')
  const [sort, setSort] = useState<{ by: Sort; desc: boolean }>({ by: 'lastActivity', desc: true })
  const [page, setPage] = useState(0)
  useEffect(() => {
    const t = setTimeout(() => (setDebounced(search.trim()), setPage(0)), 250)
    return () => clearTimeout(t)
  }, [search])
  const q = useQuery('sessions', {
    ...args,
    page,
    pageSize: PAGE,
    sort: sort.by,
    order: sort.desc ? 'desc' : 'asc',
    ...(debounced ? { search: debounced } : {}),
  })
  const head = (by: Sort, label: string) => (
    <th className="num" aria-sort={sort.by === by ? (sort.desc ? 'descending' : 'ascending') : undefined}>
      <button
        type="button"
        onClick={() => (setSort({ by, desc: sort.by === by ? !sort.desc : true }), setPage(0))}
      >
        {label}
        {sort.by === by ? (sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  )
  return (
    <div className="page">
      <Panel title="Sessions" wide>
        <div className="controls">
          <input
            type="search"
            placeholder="Search titles, projects, ids…"
            aria-label="Search sessions"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <Query q={q}>
          {(r) => (
            <>
              <div className="table-wrap">
                <table>
                  <caption className="sr-only">Sessions</caption>
                  <thead>
                    <tr>
                      <th>Session</th>
                      <th>Project</th>
                      {head('lastActivity', 'Last activity')}
                      {head('duration', 'Duration')}
                      {head('prompts', 'Prompts')}
                      {head('tokens', 'Tokens')}
                      {head('cost', 'Cost')}
                    </tr>
                  </thead>
                  <tbody data-testid="sessions-body">
                    {r.sessions.map((s: SessionRow) => (
                      <tr
                        key={s.id}
                        className="clickable"
                        tabIndex={0}
                        onClick={() => navigate('session', s.id)}
                        onKeyDown={(e) => e.key === 'Enter' && navigate('session', s.id)}
                      >
                        <td>
                          <a href={`#/session/${encodeURIComponent(s.id)}`}>{s.title ?? s.id.slice(0, 8)}</a>
                          <div className="muted small">{s.models.join(', ')}</div>
                        </td>
                        <td>{s.project ?? '—'}</td>
                        <td className="num">{fmt.dateTime(s.lastActivity)}</td>
                        <td className="num">{fmt.duration(s.durationMs)}</td>
                        <td className="num">{fmt.exact(s.prompts)}</td>
                        <td className="num" title={fmt.exact(s.tokens)}>
                          {fmt.tokens(s.tokens)}
                        </td>
                        <td className="num">{fmt.money(s.cost)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  Previous
                </button>
                <span data-testid="sessions-count">
                  {r.total === 0
                    ? 'No sessions'
                    : `${page * PAGE + 1}–${Math.min(r.total, (page + 1) * PAGE)} of ${fmt.exact(r.total)}`}
                </span>
                <button
                  type="button"
                  disabled={(page + 1) * PAGE >= r.total}
                  onClick={() => setPage(page + 1)}
                >
                  Next
                </button>
              </div>
            </>
          )}
        </Query>
      </Panel>
    </div>
  )
}
