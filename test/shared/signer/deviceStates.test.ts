/**
 * Every device state a person meets, on the simulated device through the real hw-app-eth:
 * each ends in a `DeviceError` whose reason and message say what to do, and then the same
 * request succeeds once the person did it.
 */
import Eth from '@ledgerhq/hw-app-eth'
import { describe, expect, it } from 'vitest'
import type { ReviewDecision } from '../../../src/shared/ledger/simulator'
import { DeviceError, offlineLoadConfig, type SignedTypedData } from '../../../src/shared/signer'
import { failure, guardNetwork, PATH, replugging, rig, sampleTypedData } from './harness'

guardNetwork()

const deviceError = async (promise: Promise<unknown>): Promise<DeviceError> => {
  const error = await failure(promise)
  expect(error).toBeInstanceOf(DeviceError)
  return error as DeviceError
}

describe('device states', () => {
  it('locked (0x5515): says to unlock, then signs once unlocked', async () => {
    const { sim, signer, address } = rig({ user: { locked: true } })
    const typedData = sampleTypedData('ApproveProposal', address)
    const error = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(error).toMatchObject({ reason: 'locked', retryable: true, statusWord: 0x5515 })
    expect(error.message).toContain('Unlock your Ledger and open the Ethereum app, then try again')
    const addresses = await deviceError(signer.getAddresses('bip44', 0, 1))
    expect(addresses.reason).toBe('locked')
    sim.user.locked = false
    expect((await signer.signTypedData(PATH, typedData, address)).address).toBe(address)
  })

  it('app not open: dashboard (0x6511), another app (0x6E00), Nano S dashboard (0x6D00)', async () => {
    const { sim, signer, address } = rig({ user: { app: 'dashboard' } })
    const typedData = sampleTypedData('CastVote', address)
    const signing = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(signing.reason).toBe('app-not-open')
    expect(signing.message).toContain('open the Ethereum app, then try again')
    expect(await deviceError(signer.getAddresses('bip44', 0, 1))).toMatchObject({
      reason: 'app-not-open',
      statusWord: 0x6511,
    })

    sim.user.app = 'bitcoin'
    const bitcoin = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(bitcoin.message).toContain('The Bitcoin app is open on your Ledger')
    expect(await deviceError(signer.getAddresses('bip44', 0, 1))).toMatchObject({
      reason: 'app-not-open',
      statusWord: 0x6e00,
    })

    const nanoS = rig({ model: 'nanoS', user: { app: 'dashboard' } })
    expect(await deviceError(nanoS.signer.getAddresses('bip44', 0, 1))).toMatchObject({
      reason: 'app-not-open',
      statusWord: 0x6d00,
    })

    sim.user.app = 'ethereum'
    expect((await signer.signTypedData(PATH, typedData, address)).mode).toBe('full')
  })

  it('rejected (0x6985): nothing signed; approving the same request then signs it', async () => {
    const decisions: ReviewDecision[] = ['reject', 'approve']
    const { sim, signer, address } = rig({ user: { decide: () => decisions.shift() ?? 'approve' } })
    const typedData = sampleTypedData('ApproveProposal', address)
    const error = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(error).toMatchObject({ reason: 'rejected', retryable: true, statusWord: 0x6985 })
    expect(error.message).toMatch(/^You rejected the request on your Ledger. Nothing was signed/)
    const signed = await signer.signTypedData(PATH, typedData, address)
    expect(sim.reviews.map((r) => r.decision)).toEqual(['reject', 'approve'])
    expect(sim.reviews[0]?.screens).toEqual(sim.reviews[1]?.screens)
    expect(signed.address).toBe(address)
  })

  it('blind signing off (0x6A80) on a Nano S: says to enable it, then signs the hashes', async () => {
    const { sim, signer, address } = rig({ model: 'nanoS', user: { blindSigning: false } })
    const typedData = sampleTypedData('CastVote', address)
    const error = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(error).toMatchObject({ reason: 'blind-signing', statusWord: 0x6a80 })
    expect(error.message).toContain('Enable blind signing in the Ethereum app settings')
    sim.user.blindSigning = true
    const signed = await signer.signTypedData(PATH, typedData, address)
    expect(signed.mode).toBe('hashed')
  })

  it('disconnected mid-request: waits for the device, retries, same signature', async () => {
    const clean = rig()
    const typedData = sampleTypedData('ApproveProposal', clean.address)
    const expected = await clean.signer.signTypedData(PATH, typedData, clean.address)
    const exchanges = clean.sim.apdus.length

    for (const after of [1, Math.floor(exchanges / 2), exchanges - 1]) {
      const { sim, signer, address } = rig({
        user: { disconnectAfterApdus: after },
        connector: replugging(),
      })
      const signed = await signer.signTypedData(PATH, typedData, address)
      expect(signed.signature).toBe(expected.signature)
      // the device reviewed (and signed) only the retried request
      expect(sim.reviews.map((r) => r.decision)).toEqual(['approve'])
    }
  })

  it('disconnected for good: gives up after the reconnect wait, and works once plugged in', async () => {
    const { sim, signer, address } = rig({
      user: { disconnectAfterApdus: 2 },
      timeouts: { reconnectMs: 150 },
    })
    const typedData = sampleTypedData('CastVote', address)
    const error = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(error.reason).toBe('disconnected')
    expect(error.message).toContain('Reconnect it, unlock it and open the Ethereum app')
    sim.reconnect()
    expect((await signer.signTypedData(PATH, typedData, address)).address).toBe(address)
  })

  it('timeout with a slow person: says to check the device; the retry waits its turn', async () => {
    const { sim, signer, address } = rig({
      user: { delayMs: 400 },
      timeouts: { reviewMs: 100, queueMs: 2_000 },
    })
    const typedData = sampleTypedData('CastVote', address)
    const error = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(error).toMatchObject({ reason: 'timeout', retryable: true })
    expect(error.message).toMatch(
      /did not answer within 100 ms .*approve or reject the request there/,
    )
    // the device still shows the first request; the retry queues behind it, then signs
    sim.user.delayMs = 0
    const signed = await signer.signTypedData(PATH, typedData, address)
    expect(signed.address).toBe(address)
    expect(sim.reviews).toHaveLength(2)
  })

  it('busy: a concurrent request to the same device is queued, not failed', async () => {
    const { sim, signer, address } = rig({ user: { delayMs: 50 } })
    const kinds = ['ApproveProposal', 'CastVote', 'RejectProposal'] as const
    const results: SignedTypedData[] = await Promise.all(
      kinds.map((kind) => signer.signTypedData(PATH, sampleTypedData(kind, address), address)),
    )
    expect(results.map((r) => r.address)).toEqual([address, address, address])
    expect(sim.reviews.map((r) => r.screens)).toEqual(results.map((r) => r.screens))
  })

  it('busy: another program holding the device, or a queue wait too long, says so', async () => {
    const { sim, signer, address } = rig({ user: { delayMs: 300 }, timeouts: { queueMs: 50 } })
    const typedData = sampleTypedData('CastVote', address)
    // another wallet app is waiting for the person on the same device
    const foreign = new Eth(sim.transport(), 'w0w', { ...offlineLoadConfig })
    const pending = foreign.signPersonalMessage("44'/60'/0'/0/0", '41').catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const error = await deviceError(signer.getAddresses('bip44', 0, 1))
    expect(error.reason).toBe('busy')
    expect(error.message).toContain('busy with another request')
    await pending

    const first = signer.signTypedData(PATH, typedData, address)
    const second = await deviceError(signer.signTypedData(PATH, typedData, address))
    expect(second.reason).toBe('busy')
    expect(second.message).toContain('still showing an earlier request')
    expect((await first).address).toBe(address)
  })
})
