/**
 * The session's permission policy (Electron security checklist, item 5, "Handle session
 * permission requests from remote content"): every permission request is denied, and the
 * only permission check that passes is WebHID for a Ledger (vendor 0x2c97) from the app's
 * own main frame (`../hid.ts`). Serial and USB choosers are cancelled outright.
 *
 * WebHID never goes through the request handler: Chromium asks the check handler for `hid`,
 * fires `select-hid-device` for the chooser and the device handler for each device, which
 * `installLedgerHidPolicy` answers. So camera, microphone, geolocation, notifications,
 * clipboard, MIDI, fullscreen, `openExternal` and anything added later are refused.
 */
import type { Session } from 'electron'
import { installLedgerHidPolicy, type HidSession } from '../hid'

/** The parts of Electron's `Session` this policy installs handlers on. */
export type PermissionSession = HidSession &
  Pick<Session, 'setPermissionRequestHandler'> & {
    on(
      event: 'select-serial-port',
      listener: (
        event: { preventDefault(): void },
        portList: unknown,
        webContents: unknown,
        callback: (portId: string) => void,
      ) => void,
    ): unknown
    on(
      event: 'select-usb-device',
      listener: (
        event: { preventDefault(): void },
        details: unknown,
        callback: (deviceId?: string) => void,
      ) => void,
    ): unknown
  }

export interface PermissionPolicyParameters {
  session: PermissionSession
  /** The URL the renderer is loaded from; only its origin may use a Ledger over HID. */
  appUrl: URL
}

/** The request handler's answer: always no. Exported so tests can name the rule. */
export function allowPermissionRequest(): boolean {
  return false
}

/** Installs the policy on a session. Call once the app is ready, before any window loads. */
export function installPermissionPolicy({ session, appUrl }: PermissionPolicyParameters): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => {
    callback(allowPermissionRequest())
  })
  session.on('select-serial-port', (event, _portList, _webContents, callback) => {
    event.preventDefault()
    callback('')
  })
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  installLedgerHidPolicy({ session, appUrl })
}
