/**
 * Shared setup of the simulator tests: the real `@ledgerhq/hw-app-eth` over a simulated
 * device, kept offline, and a guard that fails a test if anything reaches for the network.
 *
 * hw-app-eth fetches EIP-712 clear-signing filters from Ledger's CAL service (`calServiceURL`)
 * and ERC-20 descriptors (`cryptoassetsBaseURL`) with axios, and swallows the errors. Setting
 * every URL of its LoadConfig to null turns those look-ups off; the guard proves it: it
 * replaces `fetch` and Node's `http(s).request/get` (axios' Node adapter) with spies that
 * throw, and `expectNoNetwork()` fails the test if any was called, even when the caller
 * swallowed the throw.
 */
import http from 'node:http'
import https from 'node:https'
import Eth from '@ledgerhq/hw-app-eth'
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest'
import { SimulatedLedger, TEST_MNEMONIC } from '../../../../src/shared/ledger/simulator'
import type { SimulatedLedgerOptions } from '../../../../src/shared/ledger/simulator'

/** hw-app-eth's LoadConfig with every remote look-up disabled. */
export const OFFLINE_LOAD_CONFIG = {
  calServiceURL: null,
  cryptoassetsBaseURL: null,
  nftExplorerBaseURL: null,
  pluginBaseURL: null,
  extraPlugins: null,
}

export const PATH = "44'/60'/0'/0/0"
/** Ledger Live's second Ethereum account. */
export const LEDGER_LIVE_PATH = "44'/60'/1'/0/0"

export function setup(options: Partial<SimulatedLedgerOptions> = {}): {
  sim: SimulatedLedger
  eth: Eth
} {
  const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC, ...options })
  return { sim, eth: new Eth(sim.transport(), 'w0w', OFFLINE_LOAD_CONFIG) }
}

const networkSpies: MockInstance[] = []

function refuse(what: string): never {
  throw new Error(`network access in a test: ${what}`)
}

/** Installs the network guard around every test of the calling file. */
export function guardNetwork(): void {
  beforeEach(() => {
    const fetchSpy = vi.fn((): never => refuse('fetch'))
    vi.stubGlobal('fetch', fetchSpy)
    networkSpies.push(fetchSpy)
    for (const module of [http, https]) {
      networkSpies.push(
        vi.spyOn(module, 'request').mockImplementation(() => refuse('http.request')),
      )
      networkSpies.push(vi.spyOn(module, 'get').mockImplementation(() => refuse('http.get')))
    }
  })
  afterEach(() => {
    expectNoNetwork()
    vi.unstubAllGlobals()
    for (const spy of networkSpies.splice(0)) spy.mockRestore()
  })
}

/** Calls to the network so far in this test (fetch and http/https request/get). */
export function networkCalls(): number {
  return networkSpies.reduce((n, spy) => n + spy.mock.calls.length, 0)
}

export function expectNoNetwork(): void {
  expect(networkCalls(), 'hw-app-eth tried to reach the network').toBe(0)
}

/** The status code of a hw-transport TransportStatusError, or undefined. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const { statusCode } = error
    return typeof statusCode === 'number' ? statusCode : undefined
  }
  return undefined
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

/** `0x` ‖ r ‖ s ‖ v, as viem and wallets write a signature. */
export function signatureHex(sig: { r: string; s: string; v: number }): `0x${string}` {
  return `0x${sig.r}${sig.s}${sig.v.toString(16).padStart(2, '0')}`
}
