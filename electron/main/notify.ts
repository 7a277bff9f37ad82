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

/** The part of Electron's Notification the keeper uses. */
export interface ShownNotification {
  on(event: 'click' | 'close', l: () => void): unknown
  on(event: 'failed', l: (e: unknown, error: string) => void): unknown
  show(): void
}

/**
 * Holds every shown notification until it is clicked, closed or failed: one only referenced by a local
 * variable can be garbage-collected while on screen, and then its click no longer reaches us.
 */
export class NotificationKeeper<N extends ShownNotification> {
  private readonly held = new Set<N>()

  show(n: N, onClick: () => void): void {
    this.held.add(n)
    n.on('click', () => {
      this.held.delete(n)
      onClick()
    })
    n.on('close', () => this.held.delete(n))
    n.on('failed', () => this.held.delete(n))
    n.show()
  }

  get size(): number {
    return this.held.size
  }
}
