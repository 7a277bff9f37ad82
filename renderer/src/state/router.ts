import { useSyncExternalStore } from 'react'

/** Hash routes (`#/sessions/<id>`): work the same from a file in Electron and from `serve`. */
export interface Route {
  page: string
  param?: string
}

export function parseHash(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/')
  return { page: page || 'overview', ...(rest.length ? { param: decodeURIComponent(rest.join('/')) } : {}) }
}

export function navigate(page: string, param?: string): void {
  location.hash = `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash)
  return parseHash(hash)
}
