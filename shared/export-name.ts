/** A table title as a file-name part: 'Most frequent errors' → 'most-frequent-errors' ('' when nothing is left). */
export function tableSlug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '')
}

/**
 * The default file name of an export: observatory-<view>[-<table>]-<stamp>.<format>, the stamp being the
 * day of export (the app) or the range `<start>_<end>` (the CLI). The table's slug is added when a CSV
 * export is of one table other than the view's own (the core writes `table` for CSV only).
 */
export function exportFileName(
  view: string,
  format: string,
  table: string | undefined,
  stamp: string,
): string {
  const one = format === 'csv' && table ? tableSlug(table) : ''
  const slug = one && one !== tableSlug(view) ? `-${one}` : ''
  return `observatory-${view}${slug}-${stamp}.${format}`
}
