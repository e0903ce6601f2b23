/**
 * What the device's OS answers itself: GET APP AND VERSION and QUIT APP (CLA 0xB0, handled
 * for every app by the SDK), the dashboard's OPEN APP, and the status words of a device whose
 * open app is not the Ethereum app.
 *
 * - Dashboard: current OS versions answer 0x6511 (no app open) to commands meant for an app;
 *   the Nano S OS answers 0x6D00 to an unknown CLA 0xE0 instruction and 0x6E00 to other CLAs.
 * - Another app (the Bitcoin app, whose CLA is 0xE1): 0x6E00 to CLA 0xE0, 0x6D00 to its own
 *   CLA (the simulator implements no Bitcoin instruction).
 */
import { response, type CommandApdu } from './apdu'
import { StatusWords, type StatusWord } from './statusWords'
import type { SimulatedApp, SimulatedModel } from './types'

const CLA_OS = 0xb0
const INS_GET_APP_AND_VERSION = 0x01
const INS_QUIT_APP = 0xa7
const CLA_DASHBOARD = 0xe0
const INS_OPEN_APP = 0xd8
const CLA_BITCOIN = 0xe1

const OS_VERSIONS: Record<SimulatedModel, string> = {
  nanoS: '2.1.0',
  nanoSP: '1.4.0',
  nanoX: '2.4.0',
  stax: '1.7.0',
}
const BITCOIN_VERSION = '2.3.0'
const APP_NAMES = new Map<string, SimulatedApp>([
  ['Ethereum', 'ethereum'],
  ['Bitcoin', 'bitcoin'],
])

export interface OsContext {
  app: SimulatedApp
  model: SimulatedModel
  ethereumVersion: string
}

/** The OS's answer, and the app that is open after it. */
export interface OsAnswer {
  response: Uint8Array
  app: SimulatedApp
}

/** GET APP AND VERSION: format 1, name, version, flags (each with a length byte). */
function appAndVersion(name: string, version: string): Uint8Array {
  const encoder = new TextEncoder()
  const n = encoder.encode(name)
  const v = encoder.encode(version)
  return Uint8Array.of(0x01, n.length, ...n, v.length, ...v, 0x01, 0x00)
}

/** Answers `command` if the OS handles it; null hands it to the Ethereum app. */
export function handleOsCommand(command: CommandApdu, context: OsContext): OsAnswer | null {
  const { cla, ins } = command
  const { app, model } = context
  const ok = (data?: Uint8Array, next: SimulatedApp = app): OsAnswer => ({
    response: response(StatusWords.OK, data),
    app: next,
  })
  const fail = (sw: StatusWord): OsAnswer => ({
    response: response(sw),
    app,
  })

  if (cla === CLA_OS && ins === INS_GET_APP_AND_VERSION) {
    if (app === 'ethereum') return ok(appAndVersion('Ethereum', context.ethereumVersion))
    if (app === 'bitcoin') return ok(appAndVersion('Bitcoin', BITCOIN_VERSION))
    return ok(appAndVersion('BOLOS', OS_VERSIONS[model]))
  }
  if (cla === CLA_OS && ins === INS_QUIT_APP) return ok(undefined, 'dashboard')

  switch (app) {
    case 'ethereum':
      return null
    case 'bitcoin':
      return fail(
        cla === CLA_BITCOIN ? StatusWords.INS_NOT_SUPPORTED : StatusWords.CLA_NOT_SUPPORTED,
      )
    case 'dashboard': {
      if (cla === CLA_DASHBOARD && ins === INS_OPEN_APP) {
        const next = APP_NAMES.get(new TextDecoder().decode(command.data))
        return next ? ok(undefined, next) : fail(StatusWords.APP_NOT_INSTALLED)
      }
      if (model !== 'nanoS') return fail(StatusWords.APP_NOT_OPEN)
      return fail(
        cla === CLA_DASHBOARD ? StatusWords.INS_NOT_SUPPORTED : StatusWords.CLA_NOT_SUPPORTED,
      )
    }
  }
}
