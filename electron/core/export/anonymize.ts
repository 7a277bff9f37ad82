import type { ExportData } from './collect'

/**
 * Replaces project paths and names with stable aliases (project-1, project-2 … in order of appearance)
 * everywhere in an export, and drops session titles and prompts (they quote the user's work).
 */
export function anonymize(data: ExportData, projects: { path: string; name: string }[]): ExportData {
  const alias = new Map<string, string>()
  projects.forEach((p, i) => {
    alias.set(p.path, `/project-${i + 1}`)
    alias.set(p.name, `project-${i + 1}`)
  })
  const paths = projects.map((p) => p.path).sort((a, b) => b.length - a.length)
  const str = (s: string): string => {
    const exact = alias.get(s)
    if (exact) return exact
    let out = s
    for (const p of paths) if (out.includes(p)) out = out.split(p).join(alias.get(p)!)
    return out
  }
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key === 'title' || key === 'prompt' ? null : str(v)
    if (Array.isArray(v)) return v.map((x) => walk(x))
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'option' ? x : walk(x, k)]))
    return v
  }
  const charts = data.charts.map((c) => ({ title: c.title, option: walk(c.option) as typeof c.option }))
  // Table titles and column keys are ours (a project may be called "project"): only rows are renamed.
  const tables = data.tables.map((t) => ({ ...t, rows: walk(t.rows) as typeof t.rows }))
  // Chart options carry functions (tooltips): rebuilt as-is, only their data labels are renamed.
  const rest = walk({ ...data, charts: [], tables: [] }) as ExportData
  return { ...rest, tables, charts, title: data.title }
}
