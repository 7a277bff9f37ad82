import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recount } from './helpers/recount'
import {
  cleanup,
  copyFixtures,
  useTempStore,
  REAL_FIXTURES,
  rollupTotals,
  tempDir,
  totals,
  type TestStore,
} from './helpers/store'
import { sessionInfo } from '../electron/core/report/sessions'

/* eslint-disable @typescript-eslint/no-explicit-any */
let dir: string
let store: TestStore

useTempStore((d, s) => {
  dir = d
  store = s
})

describe('counting rules on the real fixtures', () => {
  it('stores exactly the responses and tokens of an independent recount', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const expected = recount(join(dir, 'projects'))
    const got = totals(store.db)
    expect(got.responses).toBe(expected.responses)
    expect(got.input).toBe(expected.input)
    expect(got.output).toBe(expected.output)
    expect(got.cacheCreation).toBe(expected.cacheCreation)
    expect(got.cacheRead).toBe(expected.cacheRead)
    // The rollup the reports read holds the same totals.
    const roll = rollupTotals(store.db)
    expect(roll.responses).toBe(expected.responses)
    expect(roll.total).toBe(expected.total)
    const byModel = store.db
      .prepare(
        `SELECT m.name, SUM(input + output + cache_write_5m + cache_write_1h + cache_read) AS t
         FROM responses r JOIN models m ON m.id = r.model_id GROUP BY m.name`,
      )
      .all() as { name: string; t: number }[]
    expect(new Map(byModel.map((r) => [r.name, r.t]))).toEqual(expected.byModel)
  })

  it('keeps the most complete streaming copy, not the first', async () => {
    copyFixtures(dir, ['sniffly'])
    await store.ingest(dir)
    // In this 1.0.17 file the response is written twice: output_tokens 1, then 273.
    const r = store.db
      .prepare(`SELECT output FROM responses WHERE key LIKE 'msg_01WX61CfSu8G2G7SBbXQriTM:%'`)
      .all()
    expect(r).toEqual([{ output: 273 }])
  })

  it('deduplicates copies across files and sources (resumed sessions, backups)', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const once = totals(store.db)
    // A resumed session copies earlier lines into a new file with the same ids.
    const src = join(dir, 'projects/spotter/short.jsonl')
    writeFileSync(join(dir, 'projects/spotter/resumed-copy.jsonl'), readFileSync(src))
    // A backup of the whole tree as a second source.
    const backup = tempDir('obs-backup-')
    copyFixtures(backup)
    await store.ingest(dir, backup)
    expect(totals(store.db)).toEqual(once)
    expect(rollupTotals(store.db).total).toBe(once.total)
    cleanup(backup)
  })

  it('recovers subagent calls from agent_progress copies and adds nothing when the subagent file exists', async () => {
    copyFixtures(dir, ['spotter/subagent.jsonl'])
    await store.ingest(dir)
    const fromProgress = store.db
      .prepare(`SELECT COUNT(*) AS n FROM responses WHERE from_progress = 1`)
      .get() as { n: number }
    expect(fromProgress.n).toBeGreaterThan(0)
    const before = totals(store.db)
    // Write the subagent's own transcript from the same messages, as Claude Code 2.1 does.
    const sid = '491e126e-1e71-469c-ade2-fcc8af567c74'
    const lines: string[] = []
    let agentId = ''
    for (const l of readFileSync(join(dir, 'projects/spotter/subagent.jsonl'), 'utf8').split('\n')) {
      if (!l) continue
      const o = JSON.parse(l)
      if (o.type !== 'progress' || o.data?.type !== 'agent_progress') continue
      agentId = o.data.agentId
      lines.push(
        JSON.stringify({ ...o.data.message, isSidechain: true, agentId, sessionId: sid, cwd: o.cwd }),
      )
    }
    const subDir = join(dir, 'projects/spotter', sid, 'subagents')
    mkdirSync(subDir, { recursive: true })
    writeFileSync(join(subDir, `agent-${agentId}.jsonl`), lines.join('\n') + '\n')
    await store.ingest(dir)
    expect(totals(store.db)).toEqual(before)
    // The transcript copy now backs the rows.
    expect(
      (store.db.prepare(`SELECT COUNT(*) AS n FROM responses WHERE from_progress = 1`).get() as { n: number })
        .n,
    ).toBe(0)
  })

  it('does not count the usage inside Task results (toolUseResult.usage)', async () => {
    copyFixtures(dir, ['claude-code-viewer'])
    await store.ingest(dir)
    const expected = recount(join(dir, 'projects'))
    expect(totals(store.db).total).toBe(expected.total)
    // Counting them would add the subagents' final context sizes on top (13,751 + 20,218 tokens here).
    const taskTokens = readFileSync(
      join(dir, 'projects/claude-code-viewer/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl'),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).toolUseResult?.totalTokens ?? 0)
      .reduce((a: number, b: number) => a + b, 0)
    expect(taskTokens).toBe(33969)
  })

  it('counts inline sidechains (1.0.x), legacy agent files (2.0.x) and subagents/ files (2.1.x) as subagent usage', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const sub = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n
    expect(
      sub(
        `SELECT COUNT(*) AS n FROM responses WHERE session_id = '5c0375b4-57a5-4f26-b12d-d022ee4e51b7' AND is_sidechain = 1`,
      ),
    ).toBeGreaterThan(0)
    expect(sub(`SELECT COUNT(*) AS n FROM responses WHERE agent_id = '0c78cdae'`)).toBe(1)
    expect(
      sub(
        `SELECT COUNT(*) AS n FROM responses WHERE agent_id = 'aef063ba534d73153' AND agent_type = 'general-purpose'`,
      ),
    ).toBeGreaterThan(0)
    expect(sub(`SELECT COUNT(*) AS n FROM responses WHERE agent_id = 'acompact-946d2b'`)).toBe(1)
    // The rollup splits main thread from subagents with the same totals.
    const split = store.db
      .prepare(
        `SELECT is_subagent, SUM(responses) AS n FROM rollup_15m GROUP BY is_subagent ORDER BY is_subagent`,
      )
      .all() as { n: number }[]
    const direct = store.db
      .prepare(
        `SELECT (agent_id IS NOT NULL OR is_sidechain) AS s, COUNT(*) AS n FROM responses GROUP BY s ORDER BY s`,
      )
      .all() as { n: number }[]
    expect(split.map((r) => r.n)).toEqual(direct.map((r) => r.n))
  })

  it('splits cache writes into 5-minute and 1-hour; lines without the split count as 5-minute', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    const q = (session: string) =>
      store.db
        .prepare(
          `SELECT SUM(cache_write_5m) AS m5, SUM(cache_write_1h) AS h1 FROM responses WHERE session_id = ?`,
        )
        .get(session) as { m5: number; h1: number }
    // 1.0.17 (no cache_creation object): everything is 5-minute.
    const old = q('fed8ce56-bc79-401f-a83e-af084253362f')
    expect(old.h1).toBe(0)
    expect(old.m5).toBeGreaterThan(0)
    // 2.1.114 main thread: 1-hour writes, recounted independently from the raw split.
    const seen = new Map<string, number>()
    for (const f of [
      'claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl',
      'claude-code-log/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-aef063ba534d73153.jsonl',
    ]) {
      for (const l of readFileSync(join(REAL_FIXTURES, f), 'utf8').split('\n')) {
        if (!l) continue
        const o = JSON.parse(l)
        if (o.type !== 'assistant' || !o.message.usage) continue
        const v = o.message.usage.cache_creation?.ephemeral_1h_input_tokens ?? 0
        seen.set(o.message.id, Math.max(seen.get(o.message.id) ?? 0, v))
      }
    }
    const h1 = [...seen.values()].reduce((a, b) => a + b, 0)
    expect(q('ef958aa1-0e93-49f0-bb71-150f63befcd1').h1).toBe(h1)
    expect(h1).toBeGreaterThan(0)
  })

  it('keeps per response its timestamp, session, agent, project (from cwd), source, model, stop reason', async () => {
    copyFixtures(dir, ['spotter/short.jsonl'])
    await store.ingest(dir)
    const r = store.db
      .prepare(
        `SELECT r.ts, r.session_id, r.agent_id, p.path, p.name, s.label, m.name AS model, r.service_tier
         FROM responses r JOIN projects p ON p.id = r.project_id JOIN sources s ON s.id = r.source_id
         JOIN models m ON m.id = r.model_id ORDER BY r.ts LIMIT 1`,
      )
      .get() as any
    expect(r.path).toBe('/home/marco/projects/spotter')
    expect(r.name).toBe('spotter')
    expect(r.label).toBe('test-host')
    expect(r.model).toBe('claude-opus-4-6')
    expect(r.agent_id).toBeNull()
    expect(r.service_tier).toBe('standard')
    expect(new Date(r.ts).toISOString()).toMatch(/^2026-02-/)
  })

  it('titles sessions: a summary in another file whose leafUuid is in this session, else the first prompt', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    expect(sessionInfo(store.db, '4379d1bf-ccb1-414e-a856-9791b73f3af2')).toMatchObject({
      title: 'CSS Details Margin Styling',
      titleSource: 'summary',
    })
    expect(sessionInfo(store.db, 'fed8ce56-bc79-401f-a83e-af084253362f')).toMatchObject({
      title: 'push to github',
      titleSource: 'prompt',
      versions: ['1.0.17'],
    })
  })

  it('prefers custom-title over the last ai-title', async () => {
    copyFixtures(dir, ['spotter/short.jsonl'])
    const f = join(dir, 'projects/spotter/short.jsonl')
    const sid = JSON.parse(
      readFileSync(f, 'utf8')
        .split('\n')
        .find((l) => l.includes('"sessionId"'))!,
    ).sessionId
    appendFileSync(f, JSON.stringify({ type: 'ai-title', aiTitle: 'first', sessionId: sid }) + '\n')
    appendFileSync(f, JSON.stringify({ type: 'ai-title', aiTitle: 'second', sessionId: sid }) + '\n')
    await store.ingest(dir)
    expect(sessionInfo(store.db, sid)).toMatchObject({ title: 'second', titleSource: 'ai' })
    appendFileSync(f, JSON.stringify({ type: 'custom-title', customTitle: 'mine', sessionId: sid }) + '\n')
    await store.ingest(dir)
    expect(sessionInfo(store.db, sid)).toMatchObject({ title: 'mine', titleSource: 'custom' })
  })

  it('records prompts, tool calls with errors, interruptions and compactions per session', async () => {
    copyFixtures(dir)
    await store.ingest(dir)
    // spotter/short.jsonl (2.1.38): counted by hand from the file.
    const short = sessionInfo(
      store.db,
      JSON.parse(readFileSync(join(REAL_FIXTURES, 'spotter/short.jsonl'), 'utf8').split('\n')[1]!).sessionId,
    )!
    expect(short.interruptions).toBe(1)
    const errors = Object.values(short.toolCalls).reduce((a, t) => a + t.errors, 0)
    expect(errors).toBeGreaterThan(0)
    // The /compact excerpt has one manual compaction.
    const compact = store.db.prepare(`SELECT text, value FROM events WHERE kind = 'compaction'`).all()
    expect(compact).toEqual([{ text: 'manual', value: 142431 }])
    // Commands, caveats and bash-mode lines are not prompts: the /clear session has only real prompts.
    const clear = sessionInfo(store.db, '71c9afe9-d9cc-4583-86b3-e62ba682b83a')!
    const raw = readFileSync(
      join(
        REAL_FIXTURES,
        'claude-code-log/-Users-dain-workspace-claude-code-log-sample/71c9afe9-d9cc-4583-86b3-e62ba682b83a.jsonl',
      ),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter(
        (o) =>
          o.type === 'user' &&
          typeof o.message.content === 'string' &&
          !o.isMeta &&
          !o.message.content.startsWith('<'),
      )
    expect(clear.prompts).toBe(raw.length)
  })
})

describe('API errors and synthetic lines', () => {
  it('stores API-error lines as errors and never as usage; skips <synthetic> for cost', async () => {
    const proj = join(dir, 'projects', '-p')
    mkdirSync(proj, { recursive: true })
    const base = { sessionId: 's-1', cwd: '/p', version: '2.1.200', userType: 'external', isSidechain: false }
    const lines = [
      {
        ...base,
        type: 'user',
        uuid: 'u1',
        parentUuid: null,
        timestamp: '2026-08-19T13:39:00.000Z',
        message: { role: 'user', content: 'hi' },
      },
      {
        ...base,
        type: 'assistant',
        uuid: 'a1',
        parentUuid: 'u1',
        timestamp: '2026-08-19T13:40:00.123Z',
        isApiErrorMessage: true,
        error: 'server_error',
        apiErrorStatus: 529,
        message: {
          id: 'e1',
          model: '<synthetic>',
          role: 'assistant',
          type: 'message',
          usage: { input_tokens: 0, output_tokens: 0 },
          content: [{ type: 'text', text: 'API Error: 529 Overloaded.' }],
        },
      },
      {
        ...base,
        type: 'assistant',
        uuid: 'a2',
        parentUuid: 'a1',
        timestamp: '2026-08-19T13:41:00.000Z',
        message: {
          id: 'e2',
          model: '<synthetic>',
          role: 'assistant',
          type: 'message',
          usage: { input_tokens: 5, output_tokens: 5 },
          content: [{ type: 'text', text: 'No response requested.' }],
        },
      },
    ]
    writeFileSync(join(proj, 's-1.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    await store.ingest(dir)
    expect(totals(store.db).responses).toBe(0)
    expect(sessionInfo(store.db, 's-1')).toMatchObject({ apiErrors: 1, prompts: 1 })
    expect(store.db.prepare(`SELECT value, text FROM events WHERE kind = 'api_error'`).get()).toEqual({
      value: 529,
      text: 'API Error: 529 Overloaded.',
    })
  })
})
