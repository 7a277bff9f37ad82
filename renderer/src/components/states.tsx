import type { ReactNode } from 'react'
import type { QueryState } from '../api/query'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      {label}
    </div>
  )
}

export function ErrorBox({ message }: { message: string }) {
  return (
    <div className="state error" role="alert">
      <b>Could not load this view.</b> {message}
    </div>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>
}

/** Renders a query's answer, or its loading/error state in place. */
export function Query<T>({
  q,
  children,
  label,
}: {
  q: QueryState<T>
  children: (data: T) => ReactNode
  label?: string
}) {
  if (q.data !== undefined)
    return (
      <div className={q.stale ? 'stale' : undefined} aria-busy={q.loading}>
        {q.error && <ErrorBox message={q.error} />}
        {children(q.data)}
      </div>
    )
  if (q.error) return <ErrorBox message={q.error} />
  return <Loading label={label} />
}

/** A titled card. */
export function Panel({
  title,
  children,
  actions,
  wide,
}: {
  title: string
  children: ReactNode
  actions?: ReactNode
  wide?: boolean
}) {
  return (
    <section className={`panel${wide ? ' wide' : ''}`} aria-label={title}>
      <header>
        <h2>{title}</h2>
        {actions && <div className="actions">{actions}</div>}
      </header>
      {children}
    </section>
  )
}

/** A segmented switch (metric, grouping …). */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
  disabled = {},
}: {
  value: T
  options: readonly (readonly [T, string])[]
  onChange: (v: T) => void
  label: string
  /** Options not offered now, each with the reason shown as its tooltip. */
  disabled?: Partial<Record<T, string>>
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([v, text]) => (
        <button
          key={v}
          type="button"
          role="radio"
          aria-checked={v === value}
          className={v === value ? 'on' : ''}
          disabled={disabled[v] !== undefined}
          title={disabled[v]}
          onClick={() => onChange(v)}
        >
          {text}
        </button>
      ))}
    </div>
  )
}
