/**
 * The session's permission policy with a recording stand-in session: HID for a Ledger
 * (vendor 0x2c97) from the app's own main frame is the only thing granted.
 */
import { describe, expect, it } from 'vitest'
import { LEDGER_VENDOR_ID } from '../../../src/main/hid'
import { installPermissionPolicy } from '../../../src/main/security/permissions'
import { FakeSession, navigationEvent } from '../fakeElectron'

const appUrl = new URL('app://custos/index.html')

function policy() {
  const session = new FakeSession()
  installPermissionPolicy({ session: session.asPermissionSession, appUrl })
  return session
}

const hidDevice = (vendorId: number) => ({
  deviceId: `d-${vendorId}`,
  vendorId,
  productId: 0x5011,
  name: 'device',
})

describe('the permission policy', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'openExternal',
    'midiSysex',
    'pointerLock',
    'idle-detection',
    'window-management',
    'hid',
    'unknown',
  ])('denies the request for %s, even from the app', (permission) => {
    expect(policy().request(permission)).toBe(false)
  })

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'serial',
    'usb',
    'background-sync',
  ])('fails the check for %s from the app', (permission) => {
    const check = policy().checkHandler
    expect(
      check?.(null, permission, 'app://custos', {
        isMainFrame: true,
        securityOrigin: 'app://custos/',
      }),
    ).toBe(false)
  })

  it("passes the hid check for the app's own main frame only", () => {
    const check = policy().checkHandler
    expect(
      check?.(null, 'hid', 'app://custos', { isMainFrame: true, securityOrigin: 'app://custos/' }),
    ).toBe(true)
    expect(
      check?.(null, 'hid', 'app://custos', { isMainFrame: false, securityOrigin: 'app://custos/' }),
    ).toBe(false)
    expect(
      check?.(null, 'hid', 'https://evil.example', {
        isMainFrame: true,
        securityOrigin: 'https://evil.example/',
      }),
    ).toBe(false)
    // Another custom scheme: Node reports both as the opaque origin "null"; they must not match.
    expect(
      check?.(null, 'hid', 'evil://custos', {
        isMainFrame: true,
        securityOrigin: 'evil://custos/',
      }),
    ).toBe(false)
    expect(
      check?.(null, 'hid', 'app://other', { isMainFrame: true, securityOrigin: 'app://other/' }),
    ).toBe(false)
    expect(check?.(null, 'hid', 'null', { isMainFrame: true, securityOrigin: 'null' })).toBe(false)
  })

  it('grants HID devices of vendor 0x2c97 to the app, and no other vendor or origin', () => {
    const allow = policy().deviceHandler
    expect(
      allow?.({ deviceType: 'hid', origin: 'app://custos', device: hidDevice(LEDGER_VENDOR_ID) }),
    ).toBe(true)
    expect(allow?.({ deviceType: 'hid', origin: 'app://custos', device: hidDevice(0x046d) })).toBe(
      false,
    )
    expect(
      allow?.({
        deviceType: 'hid',
        origin: 'https://evil.example',
        device: hidDevice(LEDGER_VENDOR_ID),
      }),
    ).toBe(false)
    expect(
      allow?.({ deviceType: 'usb', origin: 'app://custos', device: hidDevice(LEDGER_VENDOR_ID) }),
    ).toBe(false)
    expect(
      allow?.({
        deviceType: 'serial',
        origin: 'app://custos',
        device: hidDevice(LEDGER_VENDOR_ID),
      }),
    ).toBe(false)
  })

  it('picks only a Ledger in the HID chooser', () => {
    const session = policy()
    const chosen: Array<string | null | undefined> = []
    const devices = [hidDevice(0x046d), hidDevice(LEDGER_VENDOR_ID)]
    session.emit(
      'select-hid-device',
      navigationEvent(),
      { deviceList: devices, frame: { url: 'app://custos/index.html' } },
      (id?: string | null) => chosen.push(id),
    )
    session.emit(
      'select-hid-device',
      navigationEvent(),
      { deviceList: [hidDevice(0x046d)], frame: { url: 'app://custos/index.html' } },
      (id?: string | null) => chosen.push(id),
    )
    expect(chosen).toEqual([`d-${LEDGER_VENDOR_ID}`, null])
  })

  it('cancels serial and USB choosers', () => {
    const session = policy()
    const answers: unknown[] = []
    const serial = navigationEvent()
    session.emit('select-serial-port', serial, [{ portId: 'p1' }], null, (id: string) =>
      answers.push(id),
    )
    const usb = navigationEvent()
    session.emit('select-usb-device', usb, { deviceList: [{ deviceId: 'u1' }] }, (id?: string) =>
      answers.push(id),
    )
    expect(serial.defaultPrevented && usb.defaultPrevented).toBe(true)
    expect(answers).toEqual(['', undefined])
  })
})
