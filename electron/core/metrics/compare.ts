import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { CompareResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { series } from './series'

/** 2–10 projects side by side: the cost/tokens series of each, on the same group edges, with totals. */
export function compare(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy; projects: string[] },
  now: number,
): CompareResult {
  const per = args.projects.map((project) => ({
    project,
    s: series(db, { ...args, breakdownBy: 'model', filters: { ...args.filters, projects: [project] } }, now),
  }))
  return {
    range: per[0]!.s.range,
    groupBy: args.groupBy,
    projects: per.map(({ project, s }) => {
      const points = s.points.map((p) => ({
        label: p.label,
        cost: p.cost,
        tokens: Object.values(p.tokens).reduce((a, b) => a + b, 0),
        responses: p.responses,
      }))
      const priced = points.filter((p) => p.cost !== null)
      return {
        project,
        totals: {
          cost: priced.length > 0 ? priced.reduce((a, p) => a + p.cost!, 0) : null,
          tokens: points.reduce((a, p) => a + p.tokens, 0),
          responses: points.reduce((a, p) => a + p.responses, 0),
        },
        points,
      }
    }),
  }
}
