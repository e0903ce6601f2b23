/**
 * The signer on a simulated Nano S Plus through the real hw-app-eth: addresses on both path
 * templates with discovery, and a clear-signed signature for every Custos transaction kind
 * that recovers the device's address and equals viem's signature with the same key.
 */
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { attachSignature, buildTx } from '../../../src/node/client/unsignedTx'
import { toHex } from '../../../src/node/protocol/hash'
import type { Address } from '../../../src/node/protocol/messages'
import { txKinds } from '../../../src/node/protocol/txTypes'
import {
  discoverAddresses,
  findAddress,
  pathOf,
  typedDataHashes,
  UnsendableTypedData,
  WrongDeviceSigner,
} from '../../../src/shared/signer'
import { txSamples } from '../../fixtures/txSamples'
import { DOMAIN, failure, guardNetwork, PATH, rig, sampleTypedData } from './harness'

guardNetwork()

describe('addresses', () => {
  it('derives BIP-44 and Ledger Live addresses as the device holds them', async () => {
    const { sim, signer } = rig()
    const bip44 = await signer.getAddresses('bip44', 0, 3)
    const live = await signer.getAddresses('ledger-live', 0, 3)
    expect(bip44.map((a) => a.path)).toEqual([
      "m/44'/60'/0'/0/0",
      "m/44'/60'/0'/0/1",
      "m/44'/60'/0'/0/2",
    ])
    expect(live.map((a) => a.path)).toEqual([
      "m/44'/60'/0'/0/0",
      "m/44'/60'/1'/0/0",
      "m/44'/60'/2'/0/0",
    ])
    for (const a of [...bip44, ...live]) expect(a.address).toBe(sim.addressAt(a.path).toLowerCase())
    // Hardhat's first test account: the simulator's keys are the standard BIP-32 keys
    expect(bip44[0]?.address).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
    expect(live[0]).toEqual(bip44[0])
    expect(new Set([...bip44, ...live].map((a) => a.address)).size).toBe(5)
    expect(await signer.getAddressAt("44'/60'/0'/0/7")).toBe(
      sim.addressAt("m/44'/60'/0'/0/7").toLowerCase(),
    )
  })

  it('finds the path of a registered address, and discovers used addresses up to a gap', async () => {
    const { sim, signer } = rig()
    const member = sim.addressAt(pathOf('ledger-live', 4)).toLowerCase()
    expect(await findAddress(signer, member)).toMatchObject({
      index: 4,
      path: "m/44'/60'/4'/0/0",
      address: member,
    })
    expect(
      await findAddress(signer, '0x000000000000000000000000000000000000dead', { limit: 3 }),
    ).toBe(undefined)
    const used = new Set([0, 2, 6].map((i) => sim.addressAt(pathOf('bip44', i)).toLowerCase()))
    const found = await discoverAddresses(signer, 'bip44', async (a) => used.has(a), { gap: 4 })
    expect(found.map((a) => a.index)).toEqual([0, 2, 6])
  })
})

describe('clear-signing every Custos action', () => {
  it.each(txKinds)('%s: recovers the device address and equals viem', async (kind) => {
    const { sim, signer, address } = rig()
    const typedData = sampleTypedData(kind, address)
    const signed = await signer.signTypedData(PATH, typedData, address)
    expect(signed.mode).toBe('full')
    expect(signed.address).toBe(address)

    const viem = await privateKeyToAccount(toHex(sim.privateKeyAt(PATH))).signTypedData({
      domain: typedData.domain,
      types: typedData.types as Record<string, Array<{ name: string; type: string }>>,
      primaryType: kind,
      message: typedData.message as unknown as Record<string, unknown>,
    })
    expect(signed.signature).toBe(viem)
    expect(signed.hashes.digest).toBe(typedDataHashes(typedData).digest)

    // the protocol accepts it as the transaction of `from`
    const request = buildTx(
      {
        domain: DOMAIN,
        from: address,
        nonce: txSamples[kind].nonce,
        validUntil: txSamples[kind].validUntil,
      },
      kind,
      txSamples[kind] as never,
    )
    expect(request.id).toBe(signed.hashes.digest)
    expect(() => attachSignature(request, signed.signature)).not.toThrow()

    // what the device displayed is what the signer predicted
    expect(sim.reviews).toHaveLength(1)
    expect(sim.reviews[0]).toMatchObject({ kind: 'eip712', decision: 'approve' })
    expect(sim.reviews[0]?.screens).toEqual(signed.screens)
  })

  it('signs the same request twice to the same 65 bytes (RFC 6979)', async () => {
    const { signer, address } = rig()
    const typedData = sampleTypedData('CastVote', address)
    const first = await signer.signTypedData(PATH, typedData, address)
    const second = await signer.signTypedData(PATH, typedData, address)
    expect(second.signature).toBe(first.signature)
  })

  it('refuses a signature of another key than the expected address, naming both', async () => {
    const { sim, signer, address } = rig()
    const other = sim.addressAt("m/44'/60'/0'/0/1").toLowerCase() as Address
    const error = await failure(
      signer.signTypedData(PATH, sampleTypedData('CastVote', other), other),
    )
    expect(error).toBeInstanceOf(WrongDeviceSigner)
    expect((error as WrongDeviceSigner).code).toBe('WRONG_SIGNER')
    expect((error as Error).message).toContain(`signed with ${address}`)
    expect((error as Error).message).toContain(`not with ${other}`)
  })

  it('refuses, before the device is asked, a value hw-app-eth would truncate', async () => {
    const { sim, signer, address } = rig()
    const typedData = sampleTypedData('RegisterParticipant', address)
    typedData.message = { ...typedData.message, name: 'x'.repeat(254) }
    const error = await failure(signer.signTypedData(PATH, typedData, address))
    expect(error).toBeInstanceOf(UnsendableTypedData)
    expect((error as Error).message).toMatch(/^name is 254 bytes long/)
    expect(sim.reviews).toHaveLength(0)
    typedData.message = { ...typedData.message, name: 'x'.repeat(255) }
    expect((await signer.signTypedData(PATH, typedData, address)).mode).toBe('full')
  })
})
