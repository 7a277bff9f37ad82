/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON */

/** No real count comes near this; a larger one is corrupt (and sums of them stay exact doubles). */
export const MAX_COUNT = 2 ** 40

/** Absent (undefined, or null: the API's schema marks some counts nullable) or a whole number in [0, 2^40]. */
function countOk(v: unknown): boolean {
  if (v === undefined || v === null) return true
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT
}

/**
 * Whether an assistant message that would count as usage carries a count that is present but not a
 * valid count: such a line is a `bad_usage` line rather than one counted as 0 or stored as a float.
 * Lines that never count (no usage, `<synthetic>`, API errors) are not checked.
 */
export function badUsage(a: any): boolean {
  const msg = a.message
  if (!msg || typeof msg !== 'object' || a.isApiErrorMessage === true || msg.model === '<synthetic>')
    return false
  const u = msg.usage
  if (!u || typeof u !== 'object') return false
  const cc = u.cache_creation && typeof u.cache_creation === 'object' ? u.cache_creation : null
  const stu = u.server_tool_use && typeof u.server_tool_use === 'object' ? u.server_tool_use : null
  return !(
    countOk(u.input_tokens) &&
    countOk(u.output_tokens) &&
    countOk(u.cache_creation_input_tokens) &&
    countOk(u.cache_read_input_tokens) &&
    (cc === null || (countOk(cc.ephemeral_5m_input_tokens) && countOk(cc.ephemeral_1h_input_tokens))) &&
    (stu === null || (countOk(stu.web_search_requests) && countOk(stu.web_fetch_requests)))
  )
}
