import { describe, expect, it } from 'vitest'
import type { ProjectsResult, ToolsResult } from '../../shared/contract'
import { formatExact } from '../../shared/format'
import { ALL, cell, inBothSchemes, readTableCsv, useServedFixtures } from './fixture'
import { AgentsPage } from './pages/agents'
import { DashboardPage } from './pages/dashboard'

/** Agents & tools over the real fixtures: outcomes, and its two tables' CSVs with the filters applied. */
const e = useServedFixtures()

describe('Agents & tools', () => {
  it('shows the contract’s subagent outcomes', async () => {
    const tools = await e.served.call<ToolsResult>('tools', { ...ALL, groupBy: 'week' })
    await inBothSchemes(e, AgentsPage, async (a, d) => {
      await d.settled()
      expect(await a.outcomes.textContent()).toContain(formatExact(tools.outcomes.endedNormally, 'en-US'))
    })
  })

  it('two tables of the same view (tools), each exported on its own; the filters apply', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    await d.setRange('all')
    const a = await d.show(AgentsPage)
    await d.settled()
    expect(await a.tableExports.count()).toBe(3)
    const tools = await e.served.call<ToolsResult>('tools', { ...ALL, groupBy: 'week' })
    expect(tools.tools.length).toBeGreaterThan(1)
    const t = readTableCsv(e, await d.exportTableCsv('Tools'))
    expect(t[0]).toEqual(['Tool', 'Calls', 'Errors', 'Error rate'])
    expect(t.slice(1)).toEqual(
      tools.tools.map((r) => [r.name, cell(r.calls), cell(r.errors), cell(r.errorRate)]),
    )
    expect(tools.topErrors.length).toBeGreaterThan(0)
    const errs = readTableCsv(e, await d.exportTableCsv('Most frequent errors'))
    expect(errs[0]).toEqual(['Count', 'Tools', 'Message'])
    expect(errs.slice(1)).toEqual(tools.topErrors.map((r) => [cell(r.count), r.tools.join(' '), r.message]))

    // The filters apply: one project's tools only.
    const project = (await e.served.call<ProjectsResult>('projects', ALL)).projects[0]!
    await d.setProjectFilter(project.path)
    await d.settled()
    const one = await e.served.call<ToolsResult>('tools', {
      ...ALL,
      groupBy: 'day',
      filters: { projects: [project.path] },
    })
    const calls = (x: ToolsResult) => x.tools.reduce((n, r) => n + r.calls, 0)
    expect(calls(one)).toBeLessThan(calls(tools))
    const f = readTableCsv(e, await d.exportTableCsv('Tools'))
    expect(f.slice(1)).toEqual(
      one.tools.map((r) => [r.name, cell(r.calls), cell(r.errors), cell(r.errorRate)]),
    )
    expect(d.errors).toEqual([])
    await d.close()
  })
})
