import { sha224 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { recoverAddress } from 'viem'
import { describe, expect, it, vi } from 'vitest'
import Eth from '@ledgerhq/hw-app-eth'
import {
  custosDomain,
  domainSeparator,
  hashStruct,
  toHex,
  typedDataDigest,
  type Address,
} from '../../../../src/node/protocol'
import {
  SimulatedLedger,
  StatusWords,
  TEST_MNEMONIC,
} from '../../../../src/shared/ledger/simulator'
import { txSamples } from '../../../fixtures/txSamples'
import { CHAIN_ID, custosTypedData, VERIFYING_CONTRACT } from './custosTypedData'
import {
  expectNoNetwork,
  failure,
  guardNetwork,
  networkCalls,
  OFFLINE_LOAD_CONFIG,
  PATH,
  setup,
  signatureHex,
  statusOf,
} from './harness'

guardNetwork()

const raw = (sim: SimulatedLedger, hex: string): Promise<string> =>
  sim
    .transport()
    .exchange(Buffer.from(hex, 'hex'))
    .then((r) => r.toString('hex'))

describe('app and OS information', () => {
  it('GET APP CONFIGURATION: blind signing flag, ERC-20 flag and the version', async () => {
    const { sim, eth } = setup({ version: '1.14.2' })
    expect(await eth.getAppConfiguration()).toMatchObject({
      arbitraryDataEnabled: 1,
      erc20ProvisioningNecessary: 2,
      version: '1.14.2',
    })
    sim.user.blindSigning = false
    expect(await eth.getAppConfiguration()).toMatchObject({ arbitraryDataEnabled: 0 })
  })

  it('GET APP AND VERSION names the open app, or BOLOS on the dashboard', async () => {
    const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    const name = (hex: string): string =>
      Buffer.from(hex.slice(4, 4 + 2 * parseInt(hex.slice(2, 4), 16)), 'hex').toString()
    expect(name(await raw(sim, 'b001000000'))).toBe('Ethereum')
    const ascii = (text: string): string => Buffer.from(text).toString('hex')
    expect(await raw(sim, 'b001000000')).toBe(
      `0108${ascii('Ethereum')}06${ascii('1.13.0')}01009000`,
    )
    sim.user.app = 'dashboard'
    expect(name(await raw(sim, 'b001000000'))).toBe('BOLOS')
  })
})

describe('status words for what the simulator does not do, or refuses', () => {
  it('answers 0x6D00 to Ethereum app instructions it does not implement; hw-app-eth copes', async () => {
    const { sim, eth } = setup()
    expect(await raw(sim, 'e004000000')).toBe('6d00')
    expect(await eth.provideERC20TokenInformation('00')).toBe(false)
    expect(await eth.setPlugin('00')).toBe(false)
    expect(await eth.eth2SetWithdrawalIndex(0)).toBe(false)
  })

  it('checks P1/P2, path length, Lc and CLA', async () => {
    const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    expect(await raw(sim, 'e002020015058000002c8000003c800000000000000000000000')).toBe('6b00')
    expect(await raw(sim, 'e00200000b0a' + '00'.repeat(10))).toBe('6a80')
    expect(await raw(sim, 'e00200000100')).toBe('6a80')
    expect(await raw(sim, 'e00200000500')).toBe('6700')
    expect(await raw(sim, 'e106000000')).toBe('6e00')
    // Trailing bytes after the path and chain id are invalid data.
    expect(await raw(sim, 'e00200000e018000002c' + '00'.repeat(9))).toBe('6a80')
  })

  it('EIP-712 commands out of order answer 0x6985', async () => {
    const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    expect(await raw(sim, 'e01c00000c454950373132446f6d61696e')).toBe('6985')
    expect(await raw(sim, 'e00c000115058000002c8000003c800000000000000000000000')).toBe('6985')
    expect(await raw(sim, 'e01e000000')).toBe('6985')
    // A root struct that was never defined is invalid data.
    expect(await raw(sim, 'e01a00000454657374')).toBe('9000')
    expect(await raw(sim, 'e01c000003466f6f')).toBe('6a80')
  })
})

describe('EIP-712 hashed mode (v0)', () => {
  const domain = custosDomain(CHAIN_ID, VERIFYING_CONTRACT)

  it('signs the domain and message hashes the host gives, after showing them', async () => {
    const { sim, eth } = setup()
    const from = sim.addressAt(PATH) as Address
    const message = { ...txSamples.CastVote, from }
    const domainHash = toHex(domainSeparator(domain))
    const messageHash = toHex(hashStruct('CastVote', message))
    const sig = await eth.signEIP712HashedMessage(PATH, domainHash, messageHash)
    const digest = typedDataDigest(domain, 'CastVote', message)
    expect(await recoverAddress({ hash: digest, signature: signatureHex(sig) })).toBe(from)
    expect(sim.reviews).toEqual([
      {
        kind: 'eip712-hashed',
        screens: [
          { title: 'Domain hash', value: domainHash },
          { title: 'Message hash', value: messageHash },
        ],
        decision: 'approve',
      },
    ])
  })

  it('with Blind signing off answers 0x6A80 and shows nothing', async () => {
    const { sim, eth } = setup({ user: { blindSigning: false } })
    const error = await failure(
      eth.signEIP712HashedMessage(
        PATH,
        toHex(new Uint8Array(32).fill(1)),
        toHex(new Uint8Array(32).fill(2)),
      ),
    )
    expect(statusOf(error)).toBe(StatusWords.INVALID_DATA)
    expect(sim.reviews).toEqual([])
  })

  it('the Nano S app has no full EIP-712: hw-app-eth gets 0x6D00, hashed mode still works', async () => {
    const { sim, eth } = setup({ model: 'nanoS' })
    const from = sim.addressAt(PATH) as Address
    const { ledger } = custosTypedData('Transfer', from)
    expect(statusOf(await failure(eth.signEIP712Message(PATH, ledger)))).toBe(
      StatusWords.INS_NOT_SUPPORTED,
    )
    expect(await raw(sim, 'e00c000115058000002c8000003c800000000000000000000000')).toBe('6b00')
    const message = { ...txSamples.Transfer, from }
    const sig = await eth.signEIP712HashedMessage(
      PATH,
      toHex(domainSeparator(domain)),
      toHex(hashStruct('Transfer', message)),
    )
    const digest = typedDataDigest(domain, 'Transfer', message)
    expect(await recoverAddress({ hash: digest, signature: signatureHex(sig) })).toBe(from)
  })
})

describe('EIP-712 filtering and the network', () => {
  /** hw-app-eth's schema hash: sha224 of the alphabetically sorted `types` as JSON. */
  function schemaHash(types: Record<string, { name: string; type: string }[]>): string {
    const sorted = Object.fromEntries(
      Object.keys(types)
        .sort()
        .map((k) => [k, types[k]]),
    )
    return bytesToHex(sha224(utf8ToBytes(JSON.stringify(sorted).replace(' ', ''))))
  }

  it('accepts and ignores filters hw-app-eth sends from a static (offline) signature list', async () => {
    const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    const from = sim.addressAt(PATH) as Address
    const { ledger } = custosTypedData('Transfer', from)
    const id = `${CHAIN_ID}:${VERIFYING_CONTRACT.toLowerCase()}:${schemaHash(ledger.types)}`
    const filters = {
      contractName: { label: 'Custos', signature: '00' },
      fields: [{ format: 'raw', label: 'Amount', path: 'amount', signature: '00' }],
    }
    const eth = new Eth(sim.transport(), 'w0w', {
      ...OFFLINE_LOAD_CONFIG,
      staticEIP712SignaturesV2: { [id]: filters },
    })
    const sig = await eth.signEIP712Message(PATH, ledger)
    expect(sim.apdus.filter((a) => a.command[1] === 0x1e).map((a) => a.command[3])).toEqual([
      0x00, 0x0f, 0xff,
    ])
    const plain = setup()
    expect(sig).toEqual(await plain.eth.signEIP712Message(PATH, ledger))
  })

  it('the guard catches hw-app-eth reaching for Ledger services when they are not disabled', async () => {
    const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    const online = new Eth(sim.transport())
    const { ledger } = custosTypedData('Transfer', sim.addressAt(PATH) as Address)
    await online.signEIP712Message(PATH, ledger)
    expect(networkCalls()).toBeGreaterThan(0)
    // Forget these calls so that the guard's own check after this test passes.
    vi.clearAllMocks()
    expectNoNetwork()
  })
})
