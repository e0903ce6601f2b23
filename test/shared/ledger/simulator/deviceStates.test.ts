import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { recoverTypedDataAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import Eth from '@ledgerhq/hw-app-eth'
import {
  StatusWords,
  type DeviceReview,
  type ReviewDecision,
} from '../../../../src/shared/ledger/simulator'
import type { Address } from '../../../../src/node/protocol'
import { custosTypedData } from './custosTypedData'
import {
  failure,
  guardNetwork,
  OFFLINE_LOAD_CONFIG,
  PATH,
  setup,
  signatureHex,
  statusOf,
} from './harness'

guardNetwork()

const hexText = (text: string): string => bytesToHex(utf8ToBytes(text))

describe('what the scripted user does to the device', () => {
  it('locked: every command, app or OS, answers 0x5515', async () => {
    const { sim, eth } = setup({ user: { locked: true } })
    const address = await failure(eth.getAddress(PATH))
    expect(statusOf(address)).toBe(StatusWords.LOCKED)
    expect(address).toMatchObject({ name: 'LockedDeviceError' })
    const { ledger } = custosTypedData('Transfer', sim.addressAt(PATH) as Address)
    expect(statusOf(await failure(eth.signEIP712Message(PATH, ledger)))).toBe(StatusWords.LOCKED)
    sim.user.locked = false
    await expect(eth.getAddress(PATH)).resolves.toMatchObject({ address: sim.addressAt(PATH) })
  })

  it('dashboard: a current OS answers 0x6511 (no app open); the Nano S OS answers 0x6D00', async () => {
    const modern = setup({ user: { app: 'dashboard' } })
    expect(statusOf(await failure(modern.eth.getAddress(PATH)))).toBe(StatusWords.APP_NOT_OPEN)
    expect(statusOf(await failure(modern.eth.getAppConfiguration()))).toBe(StatusWords.APP_NOT_OPEN)
    const nanoS = setup({ model: 'nanoS', user: { app: 'dashboard' } })
    expect(statusOf(await failure(nanoS.eth.getAddress(PATH)))).toBe(StatusWords.INS_NOT_SUPPORTED)
  })

  it('another app open (Bitcoin): CLA 0xE0 is not supported, 0x6E00', async () => {
    const { eth } = setup({ user: { app: 'bitcoin' } })
    expect(statusOf(await failure(eth.getAddress(PATH)))).toBe(StatusWords.CLA_NOT_SUPPORTED)
  })

  it('opening the app from the dashboard (OPEN APP) and quitting it (QUIT APP)', async () => {
    const { sim, eth } = setup({ user: { app: 'dashboard' } })
    await eth.transport.send(0xe0, 0xd8, 0x00, 0x00, Buffer.from('Ethereum'))
    expect(sim.user.app).toBe('ethereum')
    await expect(eth.getAddress(PATH)).resolves.toMatchObject({ address: sim.addressAt(PATH) })
    await eth.transport.send(0xb0, 0xa7, 0x00, 0x00)
    expect(sim.user.app).toBe('dashboard')
    const missing = await failure(eth.transport.send(0xe0, 0xd8, 0x00, 0x00, Buffer.from('Solana')))
    expect(statusOf(missing)).toBe(StatusWords.APP_NOT_INSTALLED)
  })

  it('user rejects: 0x6985 for an address, a personal message and typed data; the rejection is recorded', async () => {
    const { sim, eth } = setup({ user: { decide: async (): Promise<ReviewDecision> => 'reject' } })
    const rejected = StatusWords.CONDITIONS_NOT_SATISFIED
    expect(statusOf(await failure(eth.getAddress(PATH, true)))).toBe(rejected)
    expect(statusOf(await failure(eth.signPersonalMessage(PATH, hexText('hi'))))).toBe(rejected)
    const { ledger } = custosTypedData('CastVote', sim.addressAt(PATH) as Address)
    expect(statusOf(await failure(eth.signEIP712Message(PATH, ledger)))).toBe(rejected)
    expect(sim.reviews.map((r) => [r.kind, r.decision])).toEqual([
      ['address', 'reject'],
      ['personal-message', 'reject'],
      ['eip712', 'reject'],
    ])
    // The next request starts clean.
    sim.user.decide = (review: DeviceReview) => (review.kind === 'eip712' ? 'approve' : 'reject')
    await expect(eth.signEIP712Message(PATH, ledger)).resolves.toMatchObject({
      v: expect.any(Number),
    })
  })

  it('disconnect after N APDUs: the transport throws until reconnect(), then a retry succeeds', async () => {
    const { sim, eth } = setup({ user: { disconnectAfterApdus: 5 } })
    const disconnects: unknown[] = []
    eth.transport.on('disconnect', (e: unknown) => disconnects.push(e))
    const from = sim.addressAt(PATH) as Address
    const { viem, ledger } = custosTypedData('ApproveProposal', from)

    const error = await failure(eth.signEIP712Message(PATH, ledger))
    expect(error).toMatchObject({ name: 'DisconnectedDeviceDuringOperation' })
    expect(sim.apdus).toHaveLength(5)
    expect(disconnects).toHaveLength(1)
    expect(await failure(eth.getAddress(PATH))).toMatchObject({
      name: 'DisconnectedDeviceDuringOperation',
    })

    sim.reconnect()
    const sig = await eth.signEIP712Message(PATH, ledger)
    expect(await recoverTypedDataAddress({ ...viem, signature: signatureHex(sig) })).toBe(from)
  })

  it('a slow user: the exchange waits for the decision and hw-transport reports unresponsiveness', async () => {
    const { sim, eth } = setup({ user: { delayMs: 250 } })
    const events: string[] = []
    eth.transport.setExchangeUnresponsiveTimeout(50)
    eth.transport.on('unresponsive', () => events.push('unresponsive'))
    eth.transport.on('responsive', () => events.push('responsive'))
    const started = performance.now()
    await eth.getAddress(PATH, true)
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
    expect(events).toEqual(['unresponsive', 'responsive'])
    expect(sim.reviews[0]?.decision).toBe('approve')
  })

  it('a review is recorded while on screen, before the user decides', async () => {
    let onScreen: DeviceReview | undefined
    const { sim, eth } = setup({
      user: {
        decide: (review) => {
          onScreen = { ...review }
          return 'approve'
        },
      },
    })
    await eth.signPersonalMessage(PATH, hexText('pending'))
    expect(onScreen?.decision).toBeUndefined()
    expect(sim.reviews[0]?.decision).toBe('approve')
  })

  it('concurrent exchanges: the second one fails with TransportRaceCondition', async () => {
    const { sim, eth } = setup({ user: { delayMs: 100 } })
    const first = eth.getAddress(PATH, true)
    const second = await failure(eth.transport.send(0xe0, 0x06, 0x00, 0x00))
    expect(second).toMatchObject({ name: 'TransportRaceCondition' })
    await expect(first).resolves.toMatchObject({ address: sim.addressAt(PATH) })

    // Two transports to the same device are serialized by the device itself.
    const other = new Eth(sim.transport(), 'w0w', OFFLINE_LOAD_CONFIG)
    const again = eth.getAddress(PATH, true)
    expect(await failure(other.getAppConfiguration())).toMatchObject({
      name: 'TransportRaceCondition',
    })
    await again
  })

  it('a scripted user that throws fails the exchange with USER_SCRIPT_FAILED', async () => {
    const { eth } = setup({
      user: {
        decide: () => {
          throw new Error('script bug')
        },
      },
    })
    expect(await failure(eth.getAddress(PATH, true))).toMatchObject({ code: 'USER_SCRIPT_FAILED' })
  })
})
