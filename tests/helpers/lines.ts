/** Synthetic transcript lines for metric tests (ids are unique per test process). */
let n = 0

export function response(
  ts: string,
  input: number,
  output: number,
  opts: { cwd?: string; model?: string; session?: string } = {},
) {
  n++
  return {
    type: 'assistant',
    sessionId: opts.session ?? 's1',
    cwd: opts.cwd ?? '/work/app',
    timestamp: ts,
    uuid: `u${n}`,
    requestId: `r${n}`,
    message: {
      id: `m${n}`,
      model: opts.model ?? 'claude-opus-4-7',
      role: 'assistant',
      content: [],
      usage: { input_tokens: input, output_tokens: output },
    },
  }
}
export function prompt(ts: string, session = 's1') {
  n++
  return {
    type: 'user',
    sessionId: session,
    cwd: '/work/app',
    timestamp: ts,
    uuid: `p${n}`,
    message: { role: 'user', content: 'hi' },
  }
}
