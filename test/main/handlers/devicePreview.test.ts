/**
 * The device preview handler: typed data as JSON (integers as decimal strings) gives the same
 * screens the device shows for the same request in bigint form.
 */
import { describe, expect, it } from 'vitest'
import { callHandler } from '../../../src/main/handlers'
import type { Services } from '../../../src/main/services/types'
import { ipcContract } from '../../../src/shared/ipc'
import { devicePreview } from '../../../src/shared/signer'

const typedData = {
  domain: {
    name: 'Custos',
    version: '1',
    chainId: 7001n,
    verifyingContract: '0x00000000000000000000000000000000000c0575' as `0x${string}`,
  },
  types: {
    CastVote: [
      { name: 'proposalId', type: 'bytes32' },
      { name: 'option', type: 'string' },
      { name: 'from', type: 'address' },
      { name: 'nonce', type: 'uint64' },
      { name: 'validUntil', type: 'uint64' },
    ],
  },
  primaryType: 'CastVote',
  message: {
    proposalId: `0x${'ab'.repeat(32)}`,
    option: 'yes',
    from: `0x${'12'.repeat(20)}`,
    nonce: 7n,
    validUntil: 1_800_000_000n,
  },
}

const asJson = JSON.parse(
  JSON.stringify(typedData, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  ),
) as unknown

describe('custos:device-preview', () => {
  it('shows the screens the device shows', async () => {
    const request = ipcContract['custos:device-preview'].request.parse({ typedData: asJson })
    // the preview needs no service: it is computed from the request alone
    const { screens } = await callHandler({} as Services, 'custos:device-preview', request)
    expect(screens).toEqual(devicePreview(typedData, 'full'))
    expect(screens).toContainEqual({ title: 'nonce', value: '7' })
  })

  it('refuses an integer field that is not a decimal number', async () => {
    const bad = JSON.parse(JSON.stringify(asJson)) as { message: Record<string, unknown> }
    bad.message['nonce'] = 'seven'
    const request = ipcContract['custos:device-preview'].request.parse({ typedData: bad })
    await expect(callHandler({} as Services, 'custos:device-preview', request)).rejects.toThrow(
      'message.nonce must be an integer written in decimal',
    )
  })
})
