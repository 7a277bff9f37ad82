import { describe, expect, it } from 'vitest'
import { createElement, isValidElement, type ReactElement, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { PageBoundary } from './PageBoundary'

// No DOM in these tests: the boundary is driven the way React drives it (getDerivedStateFromError,
// then render), and what it renders is rendered to markup.
function boundary(resetKey: string, children: ReactNode) {
  const b = new PageBoundary({ resetKey, children })
  b.setState = ((s: { error: Error | null }) => (b.state = { ...b.state, ...s })) as never
  return b
}

describe('the page error boundary', () => {
  it('shows the page while it renders', () => {
    const b = boundary('overview', createElement('p', null, 'spend'))
    expect(renderToStaticMarkup(b.render() as ReactElement)).toBe('<p>spend</p>')
  })

  it('shows the error and a retry instead of a blank window, and retry shows the page again', () => {
    const b = boundary('sessions', createElement('p', null, 'table'))
    b.state = PageBoundary.getDerivedStateFromError(
      new TypeError("Cannot read properties of undefined (reading 'rows')"),
    )
    const out = b.render()
    expect(isValidElement(out)).toBe(true)
    const html = renderToStaticMarkup(out as ReactElement)
    expect(html).toContain('role="alert"')
    expect(html).toContain('Cannot read properties of undefined (reading &#x27;rows&#x27;)')
    expect(html).toContain('>Retry</button>')
    ;(out as ReactElement<{ onRetry: () => void }>).props.onRetry()
    expect(renderToStaticMarkup(b.render() as ReactElement)).toBe('<p>table</p>')
  })

  it('a thrown non-Error still shows a message', () => {
    expect(PageBoundary.getDerivedStateFromError('bad answer').error.message).toBe('bad answer')
  })

  it('going to another page clears the error', () => {
    const b = boundary('models', null)
    b.state = PageBoundary.getDerivedStateFromError(new Error('x'))
    b.componentDidUpdate({ resetKey: 'models', children: null })
    expect(b.state.error?.message).toBe('x') // same page: the error stays until Retry
    b.componentDidUpdate({ resetKey: 'overview', children: null })
    expect(b.state.error).toBeNull()
  })
})
