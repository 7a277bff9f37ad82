import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import type { CompareResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { series } from './series'

type Point = CompareResult['projects'][number]['points'][number]

/**
 * 2–10 projects side by side: the cost/tokens series of each, on the same group edges, with totals.
 * One series broken down by project path serves them all (one pass over the groups, not one per
 * project); a requested project (path or name) sums the paths it matches, as its own filter would.
 */
export function compare(
  db: Db,
  args: CommonArgs & { groupBy: GroupBy; projects: string[] },
  now: number,
): CompareResult {
  const s = series(
    db,
    { ...args, breakdownBy: 'project', filters: { ...args.filters, projects: args.projects } },
    now,
  )
  const match = db.prepare(`SELECT path FROM projects WHERE path = ? OR name = ?`)
  return {
    range: s.range,
    groupBy: args.groupBy,
    projects: args.projects.map((project) => {
      const paths = new Set((match.all(project, project) as { path: string }[]).map((p) => p.path))
      const points: Point[] = s.points.map((p) => {
        const parts = p.breakdown.filter((b) => paths.has(b.key))
        const priced = parts.filter((b) => b.cost !== null)
        const responses = parts.reduce((a, b) => a + b.responses, 0)
        return {
          label: p.label,
          // Unknown, not $0, when the project had responses there but none could be priced (series' rule).
          cost: priced.length > 0 ? priced.reduce((a, b) => a + b.cost!, 0) : responses > 0 ? null : 0,
          tokens: parts.reduce((a, b) => a + b.tokens, 0),
          responses,
        }
      })
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
