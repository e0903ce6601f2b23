/**
 * Choosing a device from a command's flags, opening it as a `TypedDataSigner` (a simulated
 * device only on the devnet), and asking the device once per digest.
 */
import { describe, expect, it } from 'vitest'
import type { CustosRpc } from '../../../../src/node/client'
import {
  deviceChoiceOf,
  deviceTypedDataSigner,
  NodeHidMissing,
  openDeviceSigner,
  reviewLines,
} from '../../../../src/node/client/ledger'
import { custosDomain } from '../../../../src/node/protocol/eip712'
import { InvalidValue } from '../../../../src/node/protocol/errors'
import {
  devnetDeviceMnemonic,
  LedgerSigner,
  NotDevnet,
  simulatedConnector,
  simulatedDevice,
  simulatedMnemonic,
  type PendingReview,
} from '../../../../src/shared/signer'
import { sampleTypedData } from '../../../shared/signer/harness'

const rpcOf = (chainId: bigint): CustosRpc =>
  ({
    domain: async () => custosDomain(chainId, '0x00000000000000000000000000000000000c0575'),
  }) as unknown as CustosRpc

describe('deviceChoiceOf', () => {
  it('reads --ledger / --simulated-device with --path or --account-index', () => {
    expect(deviceChoiceOf({})).toBeUndefined()
    expect(deviceChoiceOf({ ledger: true })).toEqual({ kind: 'ledger', path: "m/44'/60'/0'/0/0" })
    expect(deviceChoiceOf({ ledger: true, accountIndex: '2' })).toEqual({
      kind: 'ledger',
      path: "m/44'/60'/2'/0/0",
    })
    expect(deviceChoiceOf({ simulatedDevice: '1', path: "44'/60'/0'/0/3" })).toEqual({
      kind: 'simulated',
      device: '1',
      path: "m/44'/60'/0'/0/3",
    })
  })

  it('refuses contradicting or malformed flags, naming the flag', () => {
    const bad = [
      [{ path: "m/44'/60'/0'/0/0" }, /^--path: applies to a device/],
      [{ ledger: true, simulatedDevice: '0' }, /^--simulated-device: give either/],
      [{ ledger: true, path: 'm/1', accountIndex: '1' }, /^--path: give either --path or/],
      [{ ledger: true, path: 'm/x' }, /^--path: derivation path "m\/x" has a bad level/],
      [{ ledger: true, accountIndex: '-1' }, /^--account-index: must be a whole number/],
    ] as const
    for (const [flags, message] of bad) {
      const run = () => deviceChoiceOf(flags)
      expect(run).toThrow(InvalidValue)
      expect(run).toThrow(message)
    }
  })
})

describe('openDeviceSigner', () => {
  it('opens a simulated device on the devnet only', async () => {
    const choice = { kind: 'simulated', device: '2', path: "m/44'/60'/1'/0/0" } as const
    const refused = await openDeviceSigner({ choice, rpc: rpcOf(1n) }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NotDevnet)
    expect((refused as Error).message).toBe(
      "A simulated device signs only on the devnet (chain id 7001); this node's chain id is 1. Use a real Ledger (--ledger) or a key file (--key) instead.",
    )
    const opened = await openDeviceSigner({ choice, rpc: rpcOf(7001n) })
    expect(opened.signer.address).toBe(
      simulatedDevice('2').addressAt("m/44'/60'/1'/0/0").toLowerCase(),
    )
    expect(opened.signer.label).toBe("Simulated device at m/44'/60'/1'/0/0")
    await opened.close()
  })

  it('a real Ledger needs node-hid, which is not installed here', async () => {
    const error = await openDeviceSigner({
      choice: { kind: 'ledger', path: "m/44'/60'/0'/0/0" },
      rpc: rpcOf(1n),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NodeHidMissing)
  })

  it('devnet devices have stable public mnemonics; a mnemonic is accepted as is', () => {
    expect(simulatedMnemonic('0')).toBe(devnetDeviceMnemonic(0))
    expect(devnetDeviceMnemonic(0)).not.toBe(devnetDeviceMnemonic(1))
    expect(devnetDeviceMnemonic(0).split(' ')).toHaveLength(12)
    expect(simulatedMnemonic(' Test test test test test test test test test test test junk ')).toBe(
      'test test test test test test test test test test test junk',
    )
    expect(() => simulatedMnemonic('not a mnemonic')).toThrow(/BIP-39 mnemonic/)
  })
})

describe('deviceTypedDataSigner', () => {
  it('asks the device once per digest and tells what it will show', async () => {
    const sim = simulatedDevice('0', { user: { delayMs: 20 } })
    const reviews: PendingReview[] = []
    const signer = await deviceTypedDataSigner({
      signer: new LedgerSigner({ connector: simulatedConnector([sim]) }),
      path: "m/44'/60'/0'/0/0",
      onReview: (review) => reviews.push(review),
    })
    const typedData = sampleTypedData('CastVote', signer.address)
    const [a, b] = await Promise.all([
      signer.signTypedData(typedData),
      signer.signTypedData(typedData),
    ])
    expect(b).toBe(a)
    expect(await signer.signTypedData(typedData)).toBe(a)
    expect(sim.reviews).toHaveLength(1)
    expect(reviews).toHaveLength(1)
    const lines = reviewLines(reviews[0] as PendingReview, typedData, {
      device: 'Simulated device 0',
    })
    expect(lines[0]).toBe('Simulated device 0: review and approve CastVote; it shows:')
    expect(lines).toContain(`  option             veto`)
  })
})
