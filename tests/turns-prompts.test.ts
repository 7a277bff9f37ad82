import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  copyFixtures,
  openTestStore,
  tempDir,
  cleanup,
  useTempStore,
  writeProjectTranscript,
  type TestStore,
} from './helpers/store'
import { prompt, response } from './helpers/lines'
import { jsonlFiles } from './helpers/recount'
import { forEachTurn, type Turn } from '../electron/core/metrics/response-times'
import { sessionDetail } from '../electron/core/metrics/session-detail'
import { sessionInfo } from '../electron/core/report/sessions'
import { m007PromptTextCommands } from '../electron/core/store/migrations/007-prompt-text-commands'
import { promptText } from '../electron/core/parse/classify'
import type { Db } from '../electron/core/store/db'

const NOW = Date.parse('2026-12-01T00:00:00Z')
const allTurns = (db: Db): Turn[] => {
  const out: Turn[] = []
  forEachTurn(db, {}, 0, NOW, (t) => out.push(t))
  return out
}
const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
const user = (ts: string, content: unknown, uuid: string) => ({
  ...prompt(ts),
  uuid,
  message: { role: 'user', content },
})

describe('prompt text skips IDE / system context blocks', () => {
  test('separate context block, leading context in a string, only context', () => {
    const ide = '<ide_opened_file>The user opened the file /a/b.ts in the IDE.</ide_opened_file>'
    expect(
      promptText([
        { type: 'text', text: ide },
        { type: 'text', text: 'fix the bug' },
      ]),
    ).toBe('fix the bug')
    expect(promptText(`${ide}\n<system-reminder>x</system-reminder> fix it`)).toBe('fix it')
    expect(promptText([{ type: 'text', text: ide }])).toBe(ide)
    expect(promptText('<div>html</div> is mine')).toBe('<div>html</div> is mine')
  })
})

describe('turns on the real fixtures', () => {
  test('prompt count unchanged; slash commands start turns, so main responses outside any turn go 20 → 2', async () => {
    const dir = copyFixtures(tempDir())
    const s = openTestStore()
    try {
      await s.ingest(dir)
      const n = (kind: string) =>
        (s.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE kind = ?`).get(kind) as { n: number }).n
      expect(n('prompt')).toBe(22)
      expect(n('command')).toBe(10)
      const orphans = s.db
        .prepare(
          `SELECT COUNT(*) AS n FROM responses x WHERE x.agent_id IS NULL AND x.is_sidechain = 0 AND NOT EXISTS (
           SELECT 1 FROM events e WHERE e.session_id = x.session_id AND e.agent_id IS NULL
             AND e.kind IN ('prompt', 'command') AND e.ts < x.ts AND e.ts > x.ts - 14400000)`,
        )
        .get() as { n: number }
      expect(orphans.n).toBe(2)
      const turns = allTurns(s.db)
      expect(turns).toHaveLength(24)
      // claude-code-viewer 5c0375b4: `/orchestrator` (a custom command) and its 143.4 s of responses.
      const orch = turns.find((t) => t.sessionId.startsWith('5c0375b4'))
      expect(orch?.durationMs).toBe(143428)
      const d = sessionDetail(s.db, { id: orch!.sessionId }, NOW)
      expect(d?.turns[0]?.prompt).toMatch(/^\/orchestrator /)
      expect(d?.turns[0]?.durationMs).toBe(143428)
      // Its only human words are the command's: it is titled by it. A session of `/model` commands the
      // model never answered (claude-code-log 3680252d, 2.0.0) is not.
      expect(sessionInfo(s.db, orch!.sessionId)).toMatchObject({
        title: expect.stringMatching(/^\/orchestrator /),
        titleSource: 'command',
      })
      expect(sessionInfo(s.db, '3680252d-d4e3-4416-bddd-8f5b5b4fdb7f')).toMatchObject({ title: null })
      const sources = s.db
        .prepare(`SELECT id FROM sessions`)
        .pluck()
        .all()
        .map((id) => sessionInfo(s.db, String(id))?.titleSource)
      expect(sources.filter((x) => x === 'command')).toHaveLength(1)
    } finally {
      s.close()
      cleanup(dir)
    }
  })
})

describe('synthetic', () => {
  let dir = ''
  let store: TestStore
  useTempStore((d, s) => {
    dir = d
    store = s
  })

  test('a turn resumed by a task notification is the sum of its turn_duration lines', async () => {
    const td = (ts: string, ms: number, uuid: string) => ({
      type: 'system',
      subtype: 'turn_duration',
      durationMs: ms,
      sessionId: 's1',
      timestamp: ts,
      uuid,
    })
    writeProjectTranscript(
      dir,
      's1.jsonl',
      jsonl([
        prompt('2026-05-01T10:00:00.000Z'),
        response('2026-05-01T10:00:05.000Z', 10, 10),
        td('2026-05-01T10:00:06.000Z', 6000, 'td1'),
        user('2026-05-01T10:05:00.000Z', '<task-notification>done</task-notification>', 'tn1'),
        response('2026-05-01T10:05:04.000Z', 10, 10),
        td('2026-05-01T10:05:05.000Z', 5000, 'td2'),
      ]),
    )
    await store.ingest(dir)
    expect(allTurns(store.db).map((t) => t.durationMs)).toEqual([11000])
    expect(sessionDetail(store.db, { id: 's1' }, NOW)?.turns.map((t) => t.durationMs)).toEqual([11000])
  })

  test('a local command (no responses) is no turn and no prompt', async () => {
    writeProjectTranscript(
      dir,
      's1.jsonl',
      jsonl([
        user(
          '2026-05-01T10:00:00.000Z',
          '<command-name>/model</command-name>\n<command-args></command-args>',
          'c1',
        ),
        user('2026-05-01T10:00:00.500Z', '<local-command-stdout>Set model</local-command-stdout>', 'c2'),
        prompt('2026-05-01T10:01:00.000Z'),
        response('2026-05-01T10:01:05.000Z', 10, 10),
      ]),
    )
    await store.ingest(dir)
    expect(allTurns(store.db).map((t) => t.durationMs)).toEqual([5000])
    const d = sessionDetail(store.db, { id: 's1' }, NOW)
    expect(d?.turns.map((t) => t.prompt)).toEqual(['hi'])
    expect(
      (store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE kind = 'prompt'`).get() as { n: number }).n,
    ).toBe(1)
  })

  test('migration 007 gives an old store the user text as prompt and title', async () => {
    const ide = '<ide_opened_file>The user opened the file /a/b.ts in the IDE.</ide_opened_file>'
    writeProjectTranscript(
      dir,
      's1.jsonl',
      jsonl([
        user(
          '2026-05-01T10:00:00.000Z',
          [
            { type: 'text', text: ide },
            { type: 'text', text: 'explain this file' },
          ],
          'p-ide',
        ),
        response('2026-05-01T10:00:05.000Z', 10, 10),
      ]),
    )
    await store.ingest(dir)
    expect(sessionInfo(store.db, 's1')?.title).toBe('explain this file')
    // An old store: the text as it was stored before, and the file already read.
    store.db.prepare(`UPDATE events SET text = ? WHERE uuid = 'p-ide'`).run(ide)
    await store.ingest(dir)
    expect(sessionInfo(store.db, 's1')?.title).toBe(ide)
    store.db.exec(m007PromptTextCommands.sql)
    await store.ingest(dir)
    expect(sessionInfo(store.db, 's1')?.title).toBe('explain this file')
    expect((store.db.prepare(`SELECT COUNT(*) AS n FROM events`).get() as { n: number }).n).toBe(1)
  })
})

describe('real prompts with the context blocks VS Code puts before them', () => {
  // No public transcript we hold was written from VS Code; this takes every real fixture and puts the
  // blocks in front of each human prompt the way the extension writes them (claude-code-jsonl.md §4.1):
  // a text block of its own before the user's, or leading the string content.
  const IDE =
    '<ide_opened_file>The user opened the file /p/src/a.ts in the IDE. This may or may not be related to the current task.</ide_opened_file>'
  const SEL =
    '<ide_selection>The user selected the lines 3 to 9 from /p/src/a.ts:\nconst a = 1\n</ide_selection>'
  const wrap = (line: string, prompts: Set<string>): string => {
    const o = JSON.parse(line)
    if (!prompts.has(o.uuid)) return line
    const c = o.message?.content
    if (typeof c === 'string' && !c.startsWith('<')) o.message.content = `${IDE}\n${SEL}\n${c}`
    else if (Array.isArray(c) && c[0]?.type === 'text' && !String(c[0].text).startsWith('<'))
      o.message.content = [{ type: 'text', text: IDE }, { type: 'text', text: SEL }, ...c]
    else return line
    return JSON.stringify(o)
  }
  const read = async (edit?: Set<string>) => {
    const dir = copyFixtures(tempDir())
    if (edit)
      for (const f of jsonlFiles(dir))
        writeFileSync(
          f,
          readFileSync(f, 'utf8')
            .split('\n')
            .map((l) => (l ? wrap(l, edit) : l))
            .join('\n'),
        )
    const s = openTestStore()
    try {
      await s.ingest(dir)
      const prompts = s.db
        .prepare(`SELECT uuid, text FROM events WHERE kind = 'prompt' ORDER BY uuid`)
        .all() as { uuid: string; text: string }[]
      const titles = s.db
        .prepare(`SELECT id FROM sessions ORDER BY id`)
        .pluck()
        .all()
        .map((id) => sessionInfo(s.db, String(id))?.title)
      return { prompts, titles }
    } finally {
      s.close()
      cleanup(dir)
    }
  }

  test('leave every prompt count, prompt text and session title as the user wrote them', async () => {
    const plain = await read()
    const wrapped = await read(new Set(plain.prompts.map((p) => p.uuid)))
    expect(plain.prompts.length).toBe(22)
    expect(wrapped).toEqual(plain)
  })
})
