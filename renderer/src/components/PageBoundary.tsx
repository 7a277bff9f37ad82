import { Component, type ErrorInfo, type ReactNode } from 'react'

interface Props {
  /** The page's route: going to another page clears the error. */
  resetKey: string
  children: ReactNode
}

/** What a failed page shows instead of a blank window: the error and a retry. */
export function PageError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div className="state error" role="alert" data-testid="page-error">
      <b>This view failed.</b> {error.message || String(error)}{' '}
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}

/** One per page: a render error in a page (a bad answer, a bug) stays in that page; nav and filters keep working. */
export class PageBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`page "${this.props.resetKey}" failed:`, error, info.componentStack)
  }

  override componentDidUpdate(prev: Props): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null })
  }

  retry = (): void => this.setState({ error: null })

  override render(): ReactNode {
    if (this.state.error) return <PageError error={this.state.error} onRetry={this.retry} />
    return this.props.children
  }
}
