import { R, type ResponseRow } from '../parse/packed'
import type { RollupCell } from './rollup-delta'

/** The bind values of WRITER_SQL.insResp / putResp. */
export function responseRow(
  r: ResponseRow,
  c: RollupCell,
  agentType: string | null,
  cost: number | null,
  priceVersion: string,
): unknown[] {
  return [
    r[R.key],
    r[R.uuid],
    c.ts,
    r[R.sessionId],
    r[R.agentId],
    agentType,
    r[R.isSidechain],
    c.projectId,
    c.sourceId,
    c.modelId,
    r[R.stopReason],
    r[R.input],
    r[R.output],
    r[R.cacheWrite5m],
    r[R.cacheWrite1h],
    r[R.cacheRead],
    r[R.webSearch],
    r[R.webFetch],
    r[R.serviceTier],
    r[R.speed],
    cost,
    priceVersion,
    r[R.costUsdLogged],
    r[R.fromProgress],
  ]
}
