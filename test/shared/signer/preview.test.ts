/**
 * What the person sees: `devicePreview` predicts, screen for screen, what the simulated
 * device displayed (every kind, every model); an approval shows its amount, asset,
 * counterparty and account; a Nano S or an old app signs in hashed mode, with the two hashes
 * handed to the app and the signature still verified.
 */
import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { txKinds } from '../../../src/node/protocol/txTypes'
import {
  devicePreview,
  signingModeFor,
  typedDataHashes,
  type PendingReview,
} from '../../../src/shared/signer'
import { txSamples } from '../../fixtures/txSamples'
import { guardNetwork, PATH, rig, sampleTypedData } from './harness'

guardNetwork()

describe('devicePreview', () => {
  it.each(['nanoSP', 'nanoX', 'stax'] as const)(
    'equals what a %s displayed, for every kind',
    async (model) => {
      const { sim, signer, address } = rig({ model })
      for (const kind of txKinds) {
        const typedData = sampleTypedData(kind, address)
        let announced: PendingReview | undefined
        await signer.signTypedData(PATH, typedData, address, {
          onReview: (review) => (announced = review),
        })
        const displayed = sim.reviews.at(-1)?.screens
        expect(devicePreview(typedData, 'full', { model })).toEqual(displayed)
        expect(announced?.screens).toEqual(displayed)
      }
      const last = sim.reviews.at(-1)?.screens.at(-1)
      if (model === 'stax') expect(last?.title).not.toBe('Message hash')
      else expect(last?.title).toBe('Message hash')
    },
  )

  it('an approval shows the amount, asset, counterparty and account', async () => {
    const { sim, signer, address } = rig()
    const typedData = sampleTypedData('ApproveProposal', address)
    await signer.signTypedData(PATH, typedData, address)
    const screens = new Map(sim.reviews[0]?.screens.map((s) => [s.title, s.value]))
    const { action, account } = txSamples.ApproveProposal
    expect(screens.get('action.amount')).toBe('2500000')
    expect(screens.get('action.symbol')).toBe('EURD')
    expect(screens.get('action.counterparty')).toBe(getAddress(action.counterparty))
    expect(screens.get('account')).toBe(getAddress(account))
    expect(screens.get('action.kind')).toBe('transfer')
    expect(screens.get('from')).toBe(getAddress(address))
    expect(screens.get('chainId')).toBe('7001')
  })

  it('shows nested lists by index (a DvP instruction, a policy)', () => {
    const typedData = sampleTypedData(
      'CreateInstruction',
      '0x1111111111111111111111111111111111111111',
    )
    const titles = devicePreview(typedData, 'full').map((s) => s.title)
    expect(titles).toContain('legs[1].symbol')
    expect(titles).toContain('legs[0].amount')
  })
})

describe('hashed mode', () => {
  it('on a Nano S: hands the app both hashes, the device shows them, the signature verifies', async () => {
    const { sim, signer, address } = rig({ model: 'nanoS' })
    const typedData = sampleTypedData('ApproveProposal', address)
    const reviews: PendingReview[] = []
    const signed = await signer.signTypedData(PATH, typedData, address, {
      onReview: (r) => reviews.push(r),
    })
    const hashes = typedDataHashes(typedData)
    expect(signed).toMatchObject({ mode: 'hashed', address, hashes })
    expect(reviews).toHaveLength(1)
    expect(reviews[0]).toMatchObject({ mode: 'hashed', hashes })
    expect(reviews[0]?.reason).toMatch(/Nano S cannot show EIP-712 fields/)
    expect(sim.reviews).toEqual([
      {
        kind: 'eip712-hashed',
        decision: 'approve',
        screens: [
          { title: 'Domain hash', value: hashes.domainHash },
          { title: 'Message hash', value: hashes.messageHash },
        ],
      },
    ])
    expect(devicePreview(typedData, 'hashed')).toEqual(sim.reviews[0]?.screens)

    // same key, same digest: the hashed signature is the full-mode one
    const full = rig()
    expect((await full.signer.signTypedData(PATH, typedData, address)).signature).toBe(
      signed.signature,
    )
  })

  it('with an Ethereum app older than the full implementation, decided from its version', async () => {
    expect(
      signingModeFor({ name: 'Ethereum', version: '1.9.18', blindSigningEnabled: true }).mode,
    ).toBe('hashed')
    expect(
      signingModeFor({ name: 'Ethereum', version: '1.10.0', blindSigningEnabled: true }).mode,
    ).toBe('full')
    const { sim, signer, address } = rig({ version: '1.9.17' })
    const signed = await signer.signTypedData(PATH, sampleTypedData('CastVote', address), address)
    expect(signed.mode).toBe('hashed')
    expect(sim.reviews[0]?.kind).toBe('eip712-hashed')
    expect(await signer.appInfo()).toEqual({
      name: 'Ethereum',
      version: '1.9.17',
      blindSigningEnabled: true,
      model: 'nanoSP',
    })
  })

  it('on a device of unknown model whose app lacks full EIP-712: falls back before any review', async () => {
    const { sim, signer, address } = rig({
      model: 'nanoS',
      connector: (inner) => ({
        ...inner,
        list: async () => (await inner.list()).map((d) => ({ ...d, model: undefined })),
      }),
    })
    const modes: string[] = []
    const signed = await signer.signTypedData(PATH, sampleTypedData('CastVote', address), address, {
      onReview: (r) => modes.push(r.mode),
    })
    expect(modes).toEqual(['full', 'hashed'])
    expect(signed.mode).toBe('hashed')
    expect(sim.reviews.map((r) => r.kind)).toEqual(['eip712-hashed'])
  })
})
