import type { HealthResult } from '../../../shared/contract'
import { useQuery } from '../api/query'
import { DataTable } from '../components/DataTable'
import { useFmt } from '../components/fmt'
import { Panel, Query } from '../components/states'

type Src = HealthResult['sources'][number]
type Q = HealthResult['queries'][number]

export function Health() {
  const fmt = useFmt()
  const q = useQuery('health', {})
  return (
    <div className="page">
      <Query q={q}>
        {(h) => (
          <div className="grid">
            <Panel title="Pipeline">
              <dl className="facts" data-testid="health">
                <dt>Store</dt>
                <dd data-testid="health-store">
                  {h.storeError
                    ? `${h.storeError.kind} at ${fmt.dateTime(h.storeError.at)}: ${h.storeError.message}`
                    : 'ok'}
                </dd>
                <dt>Files watched</dt>
                <dd>{fmt.exact(h.filesWatched)}</dd>
                <dt>Store size</dt>
                <dd>{(h.dbBytes / 1e6).toFixed(1)} MB</dd>
                <dt>Last ingest pass</dt>
                <dd>
                  {h.lastIngest
                    ? `${fmt.dateTime(h.lastIngest.at)}: ${fmt.exact(h.lastIngest.files)} files, ${(h.lastIngest.bytes / 1e6).toFixed(1)} MB, ${fmt.exact(h.lastIngest.lines)} lines in ${h.lastIngest.seconds.toFixed(2)} s`
                    : 'none yet'}
                </dd>
                <dt>Bad lines (skipped, counted)</dt>
                <dd>
                  {Object.keys(h.badLines).length === 0
                    ? 'none'
                    : Object.entries(h.badLines)
                        .map(([k, v]) => `${k}: ${fmt.exact(v)}`)
                        .join(', ')}
                </dd>
              </dl>
            </Panel>
            <Panel title="Sources">
              <DataTable<Src>
                caption="Sources"
                rows={h.sources}
                rowKey={(s) => s.root}
                columns={[
                  { key: 'label', label: 'Label', render: (s) => s.label, sort: (s) => s.label },
                  { key: 'root', label: 'Folder', render: (s) => <code>{s.root}</code> },
                  {
                    key: 'files',
                    label: 'Files',
                    numeric: true,
                    render: (s) => fmt.exact(s.files),
                    sort: (s) => s.files,
                  },
                  {
                    key: 'missing',
                    label: 'Deleted (data kept)',
                    numeric: true,
                    render: (s) => fmt.exact(s.missingFiles),
                    sort: (s) => s.missingFiles,
                  },
                ]}
              />
            </Panel>
            <Panel title="Query times (this session)" wide>
              <DataTable<Q>
                caption="Query times"
                rows={h.queries}
                rowKey={(x) => x.name}
                initialSort={{ key: 'p95', desc: true }}
                columns={[
                  { key: 'name', label: 'Request', render: (x) => x.name, sort: (x) => x.name },
                  {
                    key: 'count',
                    label: 'Calls',
                    numeric: true,
                    render: (x) => fmt.exact(x.count),
                    sort: (x) => x.count,
                  },
                  {
                    key: 'p50',
                    label: 'p50',
                    numeric: true,
                    render: (x) => `${x.p50Ms.toFixed(1)} ms`,
                    sort: (x) => x.p50Ms,
                  },
                  {
                    key: 'p95',
                    label: 'p95',
                    numeric: true,
                    render: (x) => `${x.p95Ms.toFixed(1)} ms`,
                    sort: (x) => x.p95Ms,
                  },
                ]}
              />
            </Panel>
          </div>
        )}
      </Query>
    </div>
  )
}
