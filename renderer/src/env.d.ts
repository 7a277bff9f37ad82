import type { ObservatoryApi } from '../../shared/app-api'

declare global {
  interface Window {
    /** Present in the desktop app (the preload's bridge); absent in a browser opened from `serve`. */
    observatory?: ObservatoryApi
  }
}
