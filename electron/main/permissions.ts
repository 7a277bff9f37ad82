/**
 * The slice of Electron's Session that permission handling uses (Session satisfies it; tests pass a
 * recorder). Observatory needs no browser permission at all, so every request and check is denied.
 */
export interface PermissionSession {
  setPermissionRequestHandler(
    h: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(h: (wc: unknown, permission: string) => boolean): void
  setDevicePermissionHandler(h: (details: unknown) => boolean): void
  setDisplayMediaRequestHandler(h: (request: unknown, callback: (streams: null) => void) => void): void
  setBluetoothPairingHandler(
    h: (details: unknown, callback: (r: { confirmed: boolean }) => void) => void,
  ): void
  on(
    event: 'select-hid-device' | 'select-usb-device' | 'select-serial-port',
    listener: (e: { preventDefault(): void }, ...rest: unknown[]) => void,
  ): unknown
}

/** Denies every permission request and check, device access, screen capture and Bluetooth pairing. */
export function denyAllPermissions(s: PermissionSession, log: (msg: string) => void): void {
  s.setPermissionRequestHandler((_wc, permission, callback) => {
    log(`denied permission request: ${permission}`)
    callback(false)
  })
  s.setPermissionCheckHandler(() => false)
  s.setDevicePermissionHandler(() => false)
  s.setDisplayMediaRequestHandler((_req, callback) => {
    log('denied screen capture request')
    callback(null)
  })
  s.setBluetoothPairingHandler((_d, callback) => callback({ confirmed: false }))
  // A device chooser event left unhandled picks nothing, but answer explicitly: no device.
  for (const event of ['select-hid-device', 'select-usb-device', 'select-serial-port'] as const)
    s.on(event, (e, ...rest) => {
      e.preventDefault()
      log(`denied ${event}`)
      const callback = rest[rest.length - 1]
      // Serial answers '' for "none"; HID and USB answer with no id.
      if (typeof callback === 'function')
        (callback as (id?: string) => void)(event === 'select-serial-port' ? '' : undefined)
    })
}
