/**
 * Bounds on one answer, shared by the server (which refuses a request over them) and the page (which
 * does not offer one): see ARCHITECTURE.md, "Metrics and the contract".
 */
/** Groups (points) one grouped answer may have: hour groups over 125 days, day groups over 8 years. */
export const MAX_POINTS = 3000
/** Point × breakdown-key cells one series may have. */
export const MAX_CELLS = 30_000
