import type { AlertEntry } from '../../shared/contract'

/** What the OS notification for an alert says, or null when it is not to be shown (raised while snoozed). */
export function alertNotification(a: AlertEntry): { title: string; body: string; route: string } | null {
  if (a.snoozed) return null
  return { title: `Observatory: ${a.title}`, body: a.body, route: a.route }
}

/** The notification for a scheduled report that was written; a click shows the file in its folder. */
export function reportNotification(r: { period: string; label: string; path: string }): {
  title: string
  body: string
  path: string
} {
  return { title: `Observatory: ${r.period} report ready`, body: `${r.label}: ${r.path}`, path: r.path }
}
