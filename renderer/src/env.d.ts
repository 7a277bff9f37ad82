import type { ObservatoryApi } from '../../shared/app-api'

declare global {
  interface Window {
    observatory: ObservatoryApi
  }
}
