/**
 * WebHID for Ledger devices, and nothing else (ARCHITECTURE.md, "Desktop app": a permission
 * handler allowing only HID for Ledger's vendor id). The renderer signs with
 * @ledgerhq/hw-transport-webhid, which calls `navigator.hid.requestDevice` with a filter on
 * vendor id 0x2c97; Electron has no chooser of its own, so the main process answers:
 *
 * - `select-hid-device`: picks a Ledger from the offered devices (the app's APDU interface,
 *   usage page 0xffa0, when the device lists its collections), or cancels;
 * - `setPermissionCheckHandler`: grants the `hid` permission to the app's own origin, in its
 *   main frame; every other permission and origin is denied;
 * - `setDevicePermissionHandler`: grants access to a HID device only for vendor 0x2c97 and
 *   only for the app's own origin; serial and USB devices are denied.
 *
 * The session is injected (`HidSession`, a structural subset of Electron's `Session`), so the
 * policy is tested in plain Node without Electron; this file imports only Electron's types.
 */
import type {
  DevicePermissionHandlerHandlerDetails,
  HIDDevice,
  PermissionCheckHandlerHandlerDetails,
  SelectHidDeviceDetails,
  Session,
  WebContents,
} from 'electron'
import { isSameOrigin } from './security/origin'

/** Ledger's USB vendor id (@ledgerhq/devices `ledgerUSBVendorId`). */
export const LEDGER_VENDOR_ID = 0x2c97

/** The HID usage page of a Ledger's APDU interface (the other one is FIDO U2F). */
export const LEDGER_USAGE_PAGE = 0xffa0

/** The parts of Electron's `Session` this policy installs handlers on. */
export type HidSession = Pick<
  Session,
  'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & {
  on(
    event: 'select-hid-device',
    listener: (
      event: { preventDefault(): void },
      details: SelectHidDeviceDetails,
      callback: (deviceId?: string | null) => void,
    ) => void,
  ): unknown
}

export interface LedgerHidPolicyParameters {
  session: HidSession
  /**
   * The URL the app's renderer is loaded from (`app://custos/index.html`, or the dev server
   * in an unpackaged app); its origin is the only one granted HID.
   */
  appUrl: URL
}

/**
 * True when `origin` (as Electron reports it, possibly with a trailing slash) is the app's.
 * Compared with `security/origin.ts`, which does not trust Node's opaque `"null"` origin of
 * custom schemes such as `app:`.
 */
export function isAppOrigin(origin: string | undefined, appUrl: URL): boolean {
  return isSameOrigin(origin, appUrl)
}

export function isLedger(device: Pick<HIDDevice, 'vendorId'>): boolean {
  return device.vendorId === LEDGER_VENDOR_ID
}

/**
 * The device to hand to `navigator.hid.requestDevice`: a Ledger, preferring one whose
 * collections include the APDU interface; undefined when no Ledger is offered.
 */
export function chooseLedgerDevice(devices: readonly HIDDevice[]): string | undefined {
  const ledgers = devices.filter(isLedger)
  const apdu = ledgers.find((d) => d.collections?.some((c) => c.usagePage === LEDGER_USAGE_PAGE))
  return (apdu ?? ledgers[0])?.deviceId
}

/** True when a frame URL is one of the app's own pages. */
function isAppFrame(frameUrl: string | undefined, appUrl: URL): boolean {
  return isSameOrigin(frameUrl, appUrl)
}

/** The permission check: `hid` for the app's own main frame, nothing else for anyone. */
export function allowPermissionCheck(
  appUrl: URL,
  permission: string,
  requestingOrigin: string,
  details: Pick<PermissionCheckHandlerHandlerDetails, 'isMainFrame' | 'securityOrigin'>,
): boolean {
  if (permission !== 'hid' || !details.isMainFrame) return false
  return isAppOrigin(details.securityOrigin ?? requestingOrigin, appUrl)
}

/** The device permission: HID devices of vendor 0x2c97, for the app's own origin only. */
export function allowDevice(
  appUrl: URL,
  details: Pick<DevicePermissionHandlerHandlerDetails, 'deviceType' | 'origin' | 'device'>,
): boolean {
  if (details.deviceType !== 'hid' || !isAppOrigin(details.origin, appUrl)) return false
  return isLedger(details.device as Pick<HIDDevice, 'vendorId'>)
}

/** Installs the Ledger-only HID policy on a session. Call once, before any window loads. */
export function installLedgerHidPolicy({ session, appUrl }: LedgerHidPolicyParameters): void {
  session.on('select-hid-device', (event, details, callback) => {
    event.preventDefault()
    const fromApp = isAppFrame(details.frame?.url, appUrl)
    callback(fromApp ? (chooseLedgerDevice(details.deviceList) ?? null) : null)
  })
  session.setPermissionCheckHandler(
    (_webContents: WebContents | null, permission, requestingOrigin, details) =>
      allowPermissionCheck(appUrl, permission, requestingOrigin, details),
  )
  session.setDevicePermissionHandler((details) => allowDevice(appUrl, details))
}
