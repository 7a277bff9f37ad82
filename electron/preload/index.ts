import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { ObservatoryApi } from '../../shared/app-api'
import { eventChannel, PUSH_EVENT_NAMES, REQUEST_NAMES, requestChannel } from '../../shared/contract/names'

// The narrow bridge: named contract calls and push events only, never ipcRenderer itself.
const api: ObservatoryApi = {
  call: (name, args) =>
    (REQUEST_NAMES as readonly string[]).includes(name)
      ? ipcRenderer.invoke(requestChannel(name), args ?? {})
      : Promise.resolve({
          ok: false,
          error: { code: 'unknown_request', message: `unknown request "${name}"` },
        }),
  on: (name, listener) => {
    if (!(PUSH_EVENT_NAMES as readonly string[]).includes(name)) return () => {}
    const wrapped = (_e: IpcRendererEvent, data: unknown) => listener(data as never)
    ipcRenderer.on(eventChannel(name), wrapped)
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped)
  },
  // Drag-in of log folders: the path of a dropped item (it is then added through the contract).
  pathForFile: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('observatory', api)
