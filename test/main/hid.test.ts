/**
 * The main process's HID policy, in plain Node with a recording stand-in for Electron's
 * session: only Ledger devices (vendor 0x2c97) are chosen and permitted, only for the app's
 * own origin and main frame; every other permission, device type and origin is denied.
 */
import type {
  DevicePermissionHandlerHandlerDetails,
  HIDDevice,
  PermissionCheckHandlerHandlerDetails,
  SelectHidDeviceDetails,
  WebContents,
} from 'electron'
import { describe, expect, it } from 'vitest'
import {
  chooseLedgerDevice,
  installLedgerHidPolicy,
  LEDGER_VENDOR_ID,
  type HidSession,
} from '../../src/main/hid'

type CheckHandler = (
  webContents: WebContents | null,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckHandlerHandlerDetails,
) => boolean
type DeviceHandler = (details: DevicePermissionHandlerHandlerDetails) => boolean
type SelectListener = (
  event: { preventDefault(): void },
  details: SelectHidDeviceDetails,
  callback: (deviceId?: string | null) => void,
) => void

/** A session that records the handlers the policy installs. */
function fakeSession() {
  const handlers: { check?: CheckHandler; device?: DeviceHandler; select?: SelectListener } = {}
  const session = {
    on(event: string, listener: SelectListener) {
      if (event === 'select-hid-device') handlers.select = listener
      return session
    },
    setPermissionCheckHandler(handler: CheckHandler | null) {
      if (handler) handlers.check = handler
    },
    setDevicePermissionHandler(handler: DeviceHandler | null) {
      if (handler) handlers.device = handler
    },
  }
  return { session: session as unknown as HidSession, handlers }
}

const hid = (deviceId: string, vendorId: number, usagePage?: number): HIDDevice =>
  ({
    deviceId,
    vendorId,
    productId: 0x5011,
    name: vendorId === LEDGER_VENDOR_ID ? 'Nano S Plus' : 'Keyboard',
    collections: usagePage === undefined ? [] : [{ usage: 1, usagePage, type: 1, children: [] }],
  }) as unknown as HIDDevice

const keyboard = hid('kbd', 0x046d)
const ledgerFido = hid('ledger-fido', LEDGER_VENDOR_ID, 0xf1d0)
const ledgerApdu = hid('ledger-apdu', LEDGER_VENDOR_ID, 0xffa0)

const builtApp = new URL('file:///opt/Custos/resources/app/out/renderer/index.html')
const devServer = new URL('http://localhost:5173/')

function install(appUrl: URL) {
  const { session, handlers } = fakeSession()
  installLedgerHidPolicy({ session, appUrl })
  const { check, device, select } = handlers
  if (!check || !device || !select) throw new Error('a handler was not installed')
  return { check, device, select }
}

function choose(select: SelectListener, devices: HIDDevice[], frameUrl: string | undefined) {
  let chosen: string | null | undefined = 'not called'
  let prevented = false
  select(
    { preventDefault: () => (prevented = true) },
    {
      deviceList: devices,
      frame: frameUrl === undefined ? null : ({ url: frameUrl } as SelectHidDeviceDetails['frame']),
    },
    (id) => (chosen = id),
  )
  return { chosen, prevented }
}

describe('select-hid-device', () => {
  it("picks the Ledger's APDU interface for the app's page", () => {
    const { select } = install(devServer)
    expect(
      choose(select, [keyboard, ledgerFido, ledgerApdu], 'http://localhost:5173/#/trades'),
    ).toEqual({
      chosen: 'ledger-apdu',
      prevented: true,
    })
    expect(chooseLedgerDevice([keyboard, ledgerFido])).toBe('ledger-fido')
  })

  it('cancels when no Ledger is offered, or the request comes from another page', () => {
    const { select } = install(devServer)
    expect(choose(select, [keyboard], 'http://localhost:5173/').chosen).toBeNull()
    expect(choose(select, [ledgerApdu], 'https://evil.example/').chosen).toBeNull()
    expect(choose(select, [ledgerApdu], undefined).chosen).toBeNull()
    expect(choose(select, [ledgerApdu], 'not a url').chosen).toBeNull()
  })
})

describe('permission checks', () => {
  const details = (securityOrigin: string, isMainFrame = true) =>
    ({ securityOrigin, isMainFrame }) as PermissionCheckHandlerHandlerDetails

  it('grant hid to the built app (file://) and the dev server, in the main frame only', () => {
    const built = install(builtApp).check
    expect(built(null, 'hid', 'file:///', details('file:///'))).toBe(true)
    const dev = install(devServer).check
    expect(dev(null, 'hid', 'http://localhost:5173/', details('http://localhost:5173/'))).toBe(true)
    expect(
      dev(null, 'hid', 'http://localhost:5173/', details('http://localhost:5173/', false)),
    ).toBe(false)
  })

  it('deny every other permission and every other origin', () => {
    const { check } = install(devServer)
    const app = details('http://localhost:5173')
    for (const permission of [
      'usb',
      'serial',
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
    ])
      expect(check(null, permission, 'http://localhost:5173', app)).toBe(false)
    expect(check(null, 'hid', 'http://localhost:5174', details('http://localhost:5174'))).toBe(
      false,
    )
    expect(check(null, 'hid', 'file:///', details('file:///'))).toBe(false)
    expect(install(builtApp).check(null, 'hid', 'http://localhost:5173', app)).toBe(false)
  })
})

describe('device permissions', () => {
  const request = (
    device: HIDDevice,
    origin: string,
    deviceType: 'hid' | 'usb' | 'serial' = 'hid',
  ) => ({ device, origin, deviceType }) as DevicePermissionHandlerHandlerDetails

  it('grant HID access to Ledger devices for the app only', () => {
    const { device } = install(builtApp)
    expect(device(request(ledgerApdu, 'file://'))).toBe(true)
    expect(device(request(keyboard, 'file://'))).toBe(false)
    expect(device(request(ledgerApdu, 'https://evil.example'))).toBe(false)
    expect(device(request(ledgerApdu, 'file://', 'usb'))).toBe(false)
    expect(device(request(ledgerApdu, 'file://', 'serial'))).toBe(false)
  })
})
