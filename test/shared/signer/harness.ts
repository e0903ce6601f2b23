/**
 * Shared setup of the signer tests: a `LedgerSigner` over simulated devices (the real
 * hw-app-eth drives the simulator's APDUs), Custos typed data for every transaction kind,
 * and a guard that fails a test if hw-app-eth reaches for the network.
 */
import http from 'node:http'
import https from 'node:https'
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest'
import { txTypedData, type TxTypedData } from '../../../src/node/client/typedData'
import { custosDomain } from '../../../src/node/protocol/eip712'
import type { Address, TxMessages } from '../../../src/node/protocol/messages'
import type { TxKind } from '../../../src/node/protocol/txTypes'
import {
  SimulatedLedger,
  TEST_MNEMONIC,
  type SimulatedModel,
  type SimulatedUser,
} from '../../../src/shared/ledger/simulator'
import {
  LedgerSigner,
  simulatedConnector,
  type DeviceConnector,
  type SignerTimeouts,
} from '../../../src/shared/signer'
import { txSamples } from '../../fixtures/txSamples'

export const DOMAIN = custosDomain(7001n, '0x00000000000000000000000000000000000c0575')
export const PATH = "m/44'/60'/0'/0/0"

export interface Rig {
  sim: SimulatedLedger
  signer: LedgerSigner
  connector: DeviceConnector
  /** The device's address at `PATH`, lowercase. */
  address: Address
}

export interface RigOptions {
  user?: SimulatedUser
  model?: SimulatedModel
  version?: string
  timeouts?: Partial<SignerTimeouts>
  /** Wraps the simulated connector (e.g. to plug the device back in after a disconnect). */
  connector?: (inner: DeviceConnector, sim: SimulatedLedger) => DeviceConnector
  maxReconnects?: number
}

export function rig(options: RigOptions = {}): Rig {
  const sim = new SimulatedLedger({
    mnemonic: TEST_MNEMONIC,
    user: options.user ?? {},
    ...(options.model ? { model: options.model } : {}),
    ...(options.version ? { version: options.version } : {}),
  })
  const inner = simulatedConnector([sim])
  const connector = options.connector ? options.connector(inner, sim) : inner
  const signer = new LedgerSigner({
    connector,
    timeouts: { exchangeMs: 2_000, reviewMs: 5_000, reconnectMs: 2_000, ...options.timeouts },
    ...(options.maxReconnects === undefined ? {} : { maxReconnects: options.maxReconnects }),
  })
  return { sim, signer, connector, address: sim.addressAt(PATH).toLowerCase() as Address }
}

/** A connector that plugs the device back in `afterMs` after the signer starts waiting. */
export function replugging(afterMs = 30) {
  return (inner: DeviceConnector, sim: SimulatedLedger): DeviceConnector => ({
    ...inner,
    async waitForDevice(id, signal) {
      setTimeout(() => sim.reconnect(), afterMs)
      await inner.waitForDevice?.(id, signal)
    },
  })
}

/** The typed data of the sample message of `kind`, signed by `from`. */
export function sampleTypedData<K extends TxKind>(kind: K, from: Address): TxTypedData<K> {
  return txTypedData(DOMAIN, kind, { ...txSamples[kind], from } as TxMessages[K])
}

/** Runs `promise`, expecting it to fail; returns the error. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

const spies: MockInstance[] = []

/**
 * Fails each test of the calling file in which anything called Node's http(s) request/get
 * (axios' adapter, which hw-app-eth uses for Ledger's CAL and cryptoassets services).
 */
export function guardNetwork(): void {
  beforeEach(() => {
    for (const module of [http, https]) {
      spies.push(
        vi.spyOn(module, 'request').mockImplementation(() => {
          throw new Error('network access in a signer test')
        }),
        vi.spyOn(module, 'get').mockImplementation(() => {
          throw new Error('network access in a signer test')
        }),
      )
    }
  })
  afterEach(() => {
    const calls = spies.reduce((n, spy) => n + spy.mock.calls.length, 0)
    for (const spy of spies.splice(0)) spy.mockRestore()
    expect(calls, 'hw-app-eth tried to reach the network').toBe(0)
  })
}
