/**
 * The signer's small parts on their own: the per-device queue, status-word and transport
 * error mapping, derivation paths, and the EIP-712 forms and hashes against the protocol's.
 */
import { DisconnectedDevice, TransportRaceCondition } from '@ledgerhq/errors'
import { TransportStatusError } from '@ledgerhq/hw-transport'
import { describe, expect, it } from 'vitest'
import { typedDataJson } from '../../../src/node/client/typedData'
import { domainSeparator, hashStruct, typedDataDigest } from '../../../src/node/protocol/eip712'
import { toHex } from '../../../src/node/protocol/hash'
import { txKinds } from '../../../src/node/protocol/txTypes'
import {
  BadPath,
  DeviceError,
  deviceErrorOf,
  DeviceQueue,
  deviceTypedData,
  normalizePath,
  pathOf,
  typedDataHashes,
  type DeviceErrorReason,
} from '../../../src/shared/signer'
import { txSamples } from '../../fixtures/txSamples'
import { DOMAIN, failure, sampleTypedData } from './harness'

const FROM = '0x1111111111111111111111111111111111111111'

describe('DeviceQueue', () => {
  it('runs one request per device at a time, in order; devices in parallel', async () => {
    const queue = new DeviceQueue()
    const log: string[] = []
    const step = (device: string, name: string, ms: number) =>
      queue.run(device, async () => {
        log.push(`start ${name}`)
        await new Promise((resolve) => setTimeout(resolve, ms))
        log.push(`end ${name}`)
        return name
      })
    const results = await Promise.all([step('a', 'a1', 30), step('a', 'a2', 1), step('b', 'b1', 5)])
    expect(results).toEqual(['a1', 'a2', 'b1'])
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'))
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(queue.isBusy('a')).toBe(false)
  })

  it('keeps the device taken until a tracked operation ends, even after its caller gave up', async () => {
    const queue = new DeviceQueue()
    let finish: () => void = () => undefined
    const onDevice = new Promise<void>((resolve) => (finish = resolve))
    const first = queue.run('a', async (track) => {
      track(onDevice)
      throw new DeviceError('timeout')
    })
    await expect(first).rejects.toMatchObject({ reason: 'timeout' })
    let secondStarted = false
    const second = queue.run('a', async () => {
      secondStarted = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(secondStarted).toBe(false)
    finish()
    await second
    expect(secondStarted).toBe(true)
  })

  it('a request that waited too long fails busy and does not block the ones after it', async () => {
    const queue = new DeviceQueue()
    const slow = queue.run('a', () => new Promise((resolve) => setTimeout(resolve, 60)))
    const impatient = queue.run('a', async () => 'never', { waitMs: 10 })
    const patient = queue.run('a', async () => 'ran')
    expect(await failure(impatient)).toMatchObject({ reason: 'busy' })
    await slow
    expect(await patient).toBe('ran')
  })
})

describe('deviceErrorOf', () => {
  const cases: Array<[number, DeviceErrorReason]> = [
    [0x5515, 'locked'],
    [0x6982, 'locked'],
    [0x6d00, 'app-not-open'],
    [0x6e00, 'app-not-open'],
    [0x6511, 'app-not-open'],
    [0x6a80, 'blind-signing'],
    [0x6985, 'rejected'],
    [0x6f00, 'unexpected'],
  ]
  it.each(cases)('status word 0x%s → %s', (statusWord, reason) => {
    const error = deviceErrorOf(new TransportStatusError(statusWord))
    expect(error).toBeInstanceOf(DeviceError)
    expect(error).toMatchObject({ reason, statusWord, code: 'DEVICE' })
    expect(error.details['statusWord']).toBe(`0x${statusWord.toString(16).padStart(4, '0')}`)
  })

  it('maps transport failures by name and says what to do for every reason', () => {
    expect(deviceErrorOf(new DisconnectedDevice())).toMatchObject({ reason: 'disconnected' })
    expect(deviceErrorOf(new TransportRaceCondition())).toMatchObject({ reason: 'busy' })
    expect(deviceErrorOf(new Error('boom'))).toMatchObject({
      reason: 'unexpected',
      retryable: false,
    })
    const reasons: DeviceErrorReason[] = [
      'locked',
      'app-not-open',
      'blind-signing',
      'rejected',
      'disconnected',
      'timeout',
      'busy',
    ]
    for (const reason of reasons) {
      const error = new DeviceError(reason)
      expect(error.retryable).toBe(true)
      expect(error.message).toMatch(/then try again|to go ahead/)
    }
    expect(new DeviceError('locked').message).toContain(
      'Unlock your Ledger and open the Ethereum app, then try again',
    )
    expect(new DeviceError('blind-signing').message).toContain(
      'Enable blind signing in the Ethereum app settings',
    )
  })
})

describe('paths', () => {
  it('numbers addresses in both templates and normalises paths', () => {
    expect(pathOf('bip44', 5)).toBe("m/44'/60'/0'/0/5")
    expect(pathOf('ledger-live', 5)).toBe("m/44'/60'/5'/0/0")
    expect(normalizePath("44'/60'/0'/0/0")).toBe("m/44'/60'/0'/0/0")
    for (const bad of ['', 'm/', "m/44'/x", 'm/2147483648', "m/44''"])
      expect(() => normalizePath(bad)).toThrow(BadPath)
    expect(() => pathOf('bip44', -1)).toThrow(BadPath)
  })
})

describe('typed data forms', () => {
  it.each(txKinds)('%s: hashes equal the protocol; device JSON equals the client JSON', (kind) => {
    const typedData = sampleTypedData(kind, FROM)
    const hashes = typedDataHashes(typedData)
    expect(hashes.domainHash).toBe(toHex(domainSeparator(DOMAIN)))
    expect(hashes.messageHash).toBe(
      toHex(hashStruct(kind, { ...txSamples[kind], from: FROM } as Record<string, unknown>)),
    )
    expect(hashes.digest).toBe(
      typedDataDigest(DOMAIN, kind, { ...txSamples[kind], from: FROM } as Record<string, unknown>),
    )
    const json = deviceTypedData(typedData)
    const client = typedDataJson(typedData)
    expect(json.types).toEqual(client.types)
    expect(json.message).toEqual(client.message)
    expect(json.domain).toEqual({ ...client.domain, chainId: '7001' })
  })
})
