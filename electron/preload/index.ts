import { contextBridge, ipcRenderer } from 'electron'
import type { ObservatoryApi } from '../../shared/app-api'

// The narrow bridge: named calls only, never ipcRenderer itself.
const api: ObservatoryApi = {
  today: () => ipcRenderer.invoke('observatory:today'),
}

contextBridge.exposeInMainWorld('observatory', api)
