const HOUR_MS = 3_600_000

/** Half-open intervals [a, b) of UTC days, UTC hours, or ms. */
export type Spans = [number, number][]

/**
 * Which part of each group [edges[g], edges[g+1]) ∩ [start, end) is read as whole UTC days
 * (`latency_1d`), which as whole UTC hours (`latency_1h`: the hours of the group's whole-hour span
 * outside its whole days) and which from the facts (the pieces before and after the whole hours,
 * under an hour each). Each list is ascending, spans joined where they touch; a span lies within one
 * group, so a row's group is the group its start falls in. `days: false` reads hours only.
 */
export function latencyPlan(
  edges: number[],
  start: number,
  end: number,
  days = true,
): { days: Spans; hours: Spans; facts: Spans } {
  const groups = Math.max(1, edges.length - 1)
  const out = { days: [] as Spans, hours: [] as Spans, facts: [] as Spans }
  const piece = (list: Spans, a: number, b: number) => {
    if (a >= b) return
    const last = list[list.length - 1]
    if (last && last[1] === a) last[1] = b
    else list.push([a, b])
  }
  for (let g = 0; g < groups; g++) {
    const a = Math.max(edges[g]!, start)
    const b = Math.min(edges[g + 1] ?? end, end)
    if (a >= b) continue
    const [l, h] = [Math.ceil(a / HOUR_MS), Math.floor(b / HOUR_MS)]
    if (l >= h) {
      piece(out.facts, a, b)
      continue
    }
    piece(out.facts, a, l * HOUR_MS)
    const [dl, dh] = [Math.ceil(l / 24), Math.floor(h / 24)]
    if (days && dl < dh) {
      piece(out.hours, l, dl * 24)
      piece(out.days, dl, dh)
      piece(out.hours, dh * 24, h)
    } else piece(out.hours, l, h)
    piece(out.facts, h * HOUR_MS, b)
  }
  return out
}
