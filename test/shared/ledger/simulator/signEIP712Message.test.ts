import { bytesToHex } from '@noble/hashes/utils.js'
import { getAddress, recoverTypedDataAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { custosDomain, typedDataDigest, txKinds, type Address } from '../../../../src/node/protocol'
import { addr, hash32, txSamples } from '../../../fixtures/txSamples'
import { CHAIN_ID, custosTypedData, VERIFYING_CONTRACT } from './custosTypedData'
import { guardNetwork, PATH, setup, signatureHex } from './harness'

guardNetwork()

describe('EIP-712 full implementation through hw-app-eth', () => {
  it.each(txKinds)(
    'signs %s exactly as viem does, from values the device hashed itself',
    async (kind) => {
      const { sim, eth } = setup()
      const from = sim.addressAt(PATH) as Address
      const { viem, ledger } = custosTypedData(kind, from)

      const sig = await eth.signEIP712Message(PATH, ledger)

      const account = privateKeyToAccount(`0x${bytesToHex(sim.privateKeyAt(PATH))}`)
      const signature = signatureHex(sig)
      expect(signature).toBe(await account.signTypedData(viem))
      expect(await recoverTypedDataAddress({ ...viem, signature })).toBe(from)
      // It went the full-implementation way: definitions, implementations, then SIGN with P2 0x01.
      const sign = sim.apdus.at(-1)?.command
      expect([sign?.[1], sign?.[3]]).toEqual([0x0c, 0x01])
      expect(sim.reviews.map((r) => [r.kind, r.decision])).toEqual([['eip712', 'approve']])
      // The domain comes first, the message hash last (a Nano without filters).
      const screens = sim.reviews[0]?.screens ?? []
      expect(screens.slice(0, 4)).toEqual([
        { title: 'name', value: 'Custos' },
        { title: 'version', value: '1' },
        { title: 'chainId', value: '7001' },
        { title: 'verifyingContract', value: getAddress(ledger.domain.verifyingContract ?? '') },
      ])
      expect(screens.at(-1)?.title).toBe('Message hash')
      expect(screens.find((s) => s.title === 'from')?.value).toBe(from)
    },
  )

  it('shows an ApproveProposal field by field, with readable paths and values', async () => {
    const { sim, eth } = setup({ model: 'stax' })
    const { ledger, viem } = custosTypedData('ApproveProposal', sim.addressAt(PATH) as Address)
    await eth.signEIP712Message(PATH, ledger)
    const screens = sim.reviews[0]?.screens ?? []
    const shown = Object.fromEntries(screens.map((s) => [s.title, s.value]))
    expect(shown).toMatchObject({
      account: getAddress(addr(0x54)),
      proposalId: hash32(0x55),
      'action.kind': 'transfer',
      'action.symbol': 'EURD',
      'action.counterparty': getAddress(addr(0x61)),
      'action.amount': '2500000',
      'action.reference': hash32(0x00),
      policyVersion: '1',
      nonce: '19',
    })
    // A Stax shows no message hash; every screen is a field of the domain or the message.
    expect(screens.map((s) => s.title)).toEqual([
      'name',
      'version',
      'chainId',
      'verifyingContract',
      'account',
      'proposalId',
      'action.kind',
      'action.symbol',
      'action.counterparty',
      'action.amount',
      'action.reference',
      'policyVersion',
      'from',
      'nonce',
      'validUntil',
    ])
    expect(viem.primaryType).toBe('ApproveProposal')
  })

  it('walks nested struct arrays (CreateAccount with several rules) in many APDUs', async () => {
    const { sim, eth } = setup()
    const from = sim.addressAt(PATH) as Address
    const { viem, ledger } = custosTypedData('CreateAccount', from)
    const sig = await eth.signEIP712Message(PATH, ledger)
    expect(await recoverTypedDataAddress({ ...viem, signature: signatureHex(sig) })).toBe(from)
    expect(sim.apdus.length).toBeGreaterThan(150)
    const shown = Object.fromEntries((sim.reviews[0]?.screens ?? []).map((s) => [s.title, s.value]))
    expect(shown).toMatchObject({
      'groups[1].name': 'Risk',
      'policy[0].approvals[1].threshold': '2',
      'policy[0].velocityAmount': ((1n << 256n) - 1n).toString(),
      'adminRule[0].kinds[0]': 'policy-change',
      'policy[1].excludeInitiator': 'true',
    })
  })

  it('receives a string longer than one APDU in partial chunks (P1 0x01)', async () => {
    const { sim, eth } = setup()
    const from = sim.addressAt(PATH) as Address
    const reason = 'Amount and settlement date differ from our records; '.repeat(12)
    const message = { ...txSamples.RejectInstruction, reason, from }
    const { viem, ledger } = custosTypedData('RejectInstruction', from, message)
    const sig = await eth.signEIP712Message(PATH, ledger)
    expect(await recoverTypedDataAddress({ ...viem, signature: signatureHex(sig) })).toBe(from)
    const partial = sim.apdus.filter((a) => a.command[1] === 0x1c && a.command[2] === 0x01)
    expect(partial.length).toBeGreaterThan(1)
    expect(sim.reviews[0]?.screens.find((s) => s.title === 'reason')?.value).toBe(reason)
  })

  it('signs the digest the Custos protocol computes for the transaction', async () => {
    const { sim, eth } = setup()
    const from = sim.addressAt(PATH) as Address
    const { ledger } = custosTypedData('Transfer', from)
    const sig = await eth.signEIP712Message(PATH, ledger)
    const domain = custosDomain(CHAIN_ID, VERIFYING_CONTRACT)
    const digest = typedDataDigest(domain, 'Transfer', { ...txSamples.Transfer, from })
    const account = privateKeyToAccount(`0x${bytesToHex(sim.privateKeyAt(PATH))}`)
    expect(signatureHex(sig)).toBe(await account.sign({ hash: digest }))
  })
})
