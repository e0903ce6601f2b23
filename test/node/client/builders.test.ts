/**
 * Every account and governance builder gives typed data that viem's `signTypedData` signs as
 * a wallet would; the signed transaction survives encode → decode and verifies with the
 * protocol, recovering the signer; its id is the digest signed. Bad inputs are typed errors
 * naming the field.
 */
import { hashTypedData, type TypedDataDefinition } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import {
  addValidatorProposalTx,
  affirmationFromLegs,
  approveProposalTx,
  attachSignature,
  cancelProposalTx,
  castVoteTx,
  changeParamProposalTx,
  createAccountTx,
  executeProposalTx,
  grantRoleProposalTx,
  policyFromJson,
  proposalToApprove,
  proposeAffirmationTx,
  proposeAgentActionTx,
  proposePolicyChangeTx,
  proposeTransferTx,
  rejectProposalTx,
  removeValidatorProposalTx,
  revokeRoleProposalTx,
  setValidatorPowerProposalTx,
  softwareUpgradeProposalTx,
  textProposalTx,
  typedDataJson,
  type TxContext,
  type UnsignedTxRequest,
} from '../../../src/node/client'
import {
  accountAddress,
  decodeTx,
  encodeTx,
  FieldTooLarge,
  InvalidValue,
  membersAndPolicyHash,
  toHex,
  verifyTx,
  WrongSigner,
  type Address,
  type Hex,
} from '../../../src/node/protocol'
import { alice, bob, carol, FAR_FUTURE, testDomain } from '../../fixtures/network'

const ctx: TxContext = {
  domain: testDomain,
  from: alice.address,
  nonce: 7n,
  validUntil: FAR_FUTURE,
}
const account = accountAddress(alice.address, 0n)
const id: Hex = `0x${'ab'.repeat(32)}`
const to: Address = bob.address
const viemAlice = privateKeyToAccount(toHex(alice.key))

const policyFile = {
  members: [alice.address, bob.address, carol.address],
  groups: { Treasury: [alice.address, bob.address], Risk: [carol.address] },
  policy: [
    {
      name: 'Small',
      match: { kinds: ['transfer'], maxAmount: '10000' },
      outcome: { require: { group: 'Treasury', threshold: 1 } },
      excludeInitiator: true,
      velocity: { asset: 'EURC', amount: '50000', periodSeconds: '86400' },
    },
    {
      name: 'Large',
      match: { kinds: ['transfer', 'dvp-affirmation'], counterparties: [bob.address] },
      outcome: {
        require: {
          all: [{ group: 'Treasury', threshold: 2 }, { any: [{ group: 'Risk', threshold: 1 }] }],
        },
      },
      timelockBlocks: 5,
      expirySeconds: '3600',
    },
    { name: 'Agent', match: { kinds: ['agent-action'] }, outcome: 'allow' },
    { name: 'Else', match: { kinds: 'any' }, outcome: 'block' },
  ],
  adminRule: {
    name: 'Admins',
    match: { kinds: ['policy-change'] },
    outcome: { require: { group: 'Risk', threshold: 1 } },
  },
}
const { membersAndPolicy } = policyFromJson(policyFile)

const builders: Array<[string, () => UnsignedTxRequest]> = [
  ['createAccountTx', () => createAccountTx(ctx, { name: 'Treasury', membersAndPolicy })],
  ['proposeTransferTx', () => proposeTransferTx(ctx, { account, symbol: 'EURC', to, amount: 25n })],
  [
    'proposeAffirmationTx',
    () =>
      proposeAffirmationTx(ctx, { account, instructionId: id, symbol: 'EURC', to, amount: 500n }),
  ],
  [
    'proposeAgentActionTx (mint)',
    () => proposeAgentActionTx(ctx, account, { kind: 'mint', symbol: 'ACME', to, amount: 5n }),
  ],
  [
    'proposeAgentActionTx (freeze)',
    () => proposeAgentActionTx(ctx, account, { kind: 'freeze', symbol: 'ACME', holder: to }),
  ],
  [
    'proposeAgentActionTx (pause)',
    () => proposeAgentActionTx(ctx, account, { kind: 'pause', symbol: 'ACME' }),
  ],
  [
    'proposePolicyChangeTx',
    () => proposePolicyChangeTx(ctx, { account, change: membersAndPolicy }),
  ],
  [
    'approveProposalTx',
    () =>
      approveProposalTx(
        ctx,
        proposalToApprove({
          id,
          account,
          policyVersion: '3',
          action: {
            kind: 'transfer',
            symbol: 'EURC',
            counterparty: to,
            amount: '25',
            reference: `0x${'0'.repeat(64)}`,
          },
        } as Parameters<typeof proposalToApprove>[0]),
      ),
  ],
  ['rejectProposalTx', () => rejectProposalTx(ctx, { account, proposalId: id, reason: 'too big' })],
  ['cancelProposalTx', () => cancelProposalTx(ctx, { account, proposalId: id })],
  ['executeProposalTx', () => executeProposalTx(ctx, { account, proposalId: id })],
  [
    'addValidatorProposalTx',
    () => addValidatorProposalTx(ctx, { title: 'Add', validator: to, power: 10n }),
  ],
  [
    'removeValidatorProposalTx',
    () => removeValidatorProposalTx(ctx, { title: 'Rm', validator: to }),
  ],
  [
    'setValidatorPowerProposalTx',
    () => setValidatorPowerProposalTx(ctx, { title: 'Power', validator: to, power: 20n }),
  ],
  [
    'grantRoleProposalTx',
    () => grantRoleProposalTx(ctx, { title: 'Auditor', role: 'auditor', to }),
  ],
  [
    'revokeRoleProposalTx',
    () => revokeRoleProposalTx(ctx, { title: 'Revoke', role: 'issuer', from: to }),
  ],
  [
    'changeParamProposalTx',
    () => changeParamProposalTx(ctx, { title: 'Quorum', param: 'governance.quorum', value: '1/2' }),
  ],
  ['textProposalTx', () => textProposalTx(ctx, { title: 'Rulebook', description: 'v2026' })],
  [
    'softwareUpgradeProposalTx',
    () => softwareUpgradeProposalTx(ctx, { title: 'v2', name: 'v2', haltHeight: 500n }),
  ],
  ['castVoteTx', () => castVoteTx(ctx, { proposalId: id, option: 'veto' })],
]

describe('transaction builders', () => {
  it.each(builders)(
    '%s: viem signs its typed data; the tx decodes and verifies to the signer',
    async (_name, build) => {
      const request = build()
      const definition = request.typedData as unknown as TypedDataDefinition
      expect(hashTypedData(definition)).toBe(request.id)
      const signature = await viemAlice.signTypedData(definition)
      const tx = attachSignature(request, signature)
      const decoded = decodeTx(encodeTx(tx))
      const verified = verifyTx(decoded, { domain: testDomain })
      expect(verified.signer).toBe(alice.address)
      expect(verified.id).toBe(request.id)
      expect(decoded.message).toEqual(request.message)
    },
  )

  it('typed data as JSON lists EIP712Domain and writes integers as decimal strings', () => {
    const json = typedDataJson(
      proposeTransferTx(ctx, { account, symbol: 'EURC', to, amount: 25n }).typedData,
    )
    expect(json.domain).toEqual({
      name: 'Custos',
      version: '1',
      chainId: 7001,
      verifyingContract: testDomain.verifyingContract,
    })
    expect(json.types['EIP712Domain']?.map((f) => f.name)).toEqual([
      'name',
      'version',
      'chainId',
      'verifyingContract',
    ])
    expect(Object.keys(json.types).sort()).toEqual(['Action', 'EIP712Domain', 'ProposeAction'])
    expect(json.message).toMatchObject({
      account,
      nonce: '7',
      validUntil: FAR_FUTURE.toString(),
      action: { kind: 'transfer', amount: '25', counterparty: to },
    })
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
  })

  it('createAccountTx names the account the transaction will create', () => {
    const tx = createAccountTx(ctx, { name: 'Treasury', membersAndPolicy })
    expect(tx.account).toBe(accountAddress(alice.address, 7n))
  })

  it('a policy change is approved as the hash of the new members and policy', () => {
    const tx = proposePolicyChangeTx(ctx, { account, change: membersAndPolicy })
    expect(tx.action).toMatchObject({
      kind: 'policy-change',
      reference: membersAndPolicyHash(membersAndPolicy),
    })
  })

  it("affirmationFromLegs takes the account's one sending leg", () => {
    const legs = [
      { symbol: 'ACME', from: bob.address, to: account, amount: 10n },
      { symbol: 'EURC', from: account, to: bob.address, amount: 500n },
    ]
    expect(affirmationFromLegs(id, account, legs)).toMatchObject({
      kind: 'dvp-affirmation',
      symbol: 'EURC',
      counterparty: bob.address,
      amount: 500n,
      reference: id,
    })
    expect(() => affirmationFromLegs(id, carol.address, legs)).toThrow(/sends no leg/)
  })
})

describe('bad inputs', () => {
  const field = (run: () => unknown): string => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidValue)
      return String((error as InvalidValue).details['field'])
    }
    throw new Error('expected InvalidValue')
  }

  it('name the field', () => {
    expect(
      field(() =>
        proposeTransferTx(ctx, { account, symbol: 'EURC', to: '0x12' as Address, amount: 1n }),
      ),
    ).toBe('to')
    expect(field(() => proposeTransferTx(ctx, { account, symbol: 'EURC', to, amount: 0n }))).toBe(
      'amount',
    )
    expect(field(() => proposeTransferTx(ctx, { account, symbol: 'eur', to, amount: 1n }))).toBe(
      'symbol',
    )
    expect(field(() => castVoteTx(ctx, { proposalId: id, option: 'maybe' as 'yes' }))).toBe(
      'option',
    )
    expect(field(() => castVoteTx(ctx, { proposalId: '0x1234', option: 'yes' }))).toBe('proposalId')
    expect(
      field(() => changeParamProposalTx(ctx, { title: 'x', param: 'blockSize', value: '1' })),
    ).toBe('param')
    expect(field(() => addValidatorProposalTx(ctx, { title: 'x', validator: to, power: 0n }))).toBe(
      'power',
    )
    expect(field(() => textProposalTx(ctx, { title: ' ' }))).toBe('title')
    expect(
      field(() => softwareUpgradeProposalTx(ctx, { title: 'x', name: 'v2', haltHeight: 0n })),
    ).toBe('haltHeight')
    expect(
      field(() => grantRoleProposalTx(ctx, { title: 'x', role: 'king' as 'issuer', to })),
    ).toBe('role')
    expect(() =>
      rejectProposalTx(ctx, { account, proposalId: id, reason: 'x'.repeat(300) }),
    ).toThrow(FieldTooLarge)
  })

  it('a signature by another key is refused before the node sees it', async () => {
    const request = castVoteTx(ctx, { proposalId: id, option: 'yes' })
    const bobSignature = await privateKeyToAccount(toHex(bob.key)).signTypedData(
      request.typedData as unknown as TypedDataDefinition,
    )
    expect(() => attachSignature(request, bobSignature)).toThrow(WrongSigner)
  })
})

describe('policy files', () => {
  it('parse into the signed form, groups in file order and requirements as a flat tree', () => {
    expect(membersAndPolicy.groups.map((g) => g.name)).toEqual(['Treasury', 'Risk'])
    const large = membersAndPolicy.policy[1]
    expect(large?.approvals.map((r) => r.op)).toEqual(['all', 'group', 'any', 'group'])
    expect(large?.timelockBlocks).toBe(5n)
    expect(membersAndPolicy.policy[0]).toMatchObject({
      maxAmount: 10000n,
      excludeInitiator: true,
      velocityAsset: 'EURC',
      velocityAmount: 50000n,
      velocityPeriod: 86400n,
    })
    expect(membersAndPolicy.adminRule).toHaveLength(1)
  })

  it('accept the state form of outcomes, as custos_getAccount shows them', () => {
    const shown = {
      ...policyFile,
      policy: [
        {
          name: 'Any',
          match: { kinds: 'any' },
          outcome: { type: 'require', approvals: { group: 'Risk', threshold: 1 } },
        },
      ],
    }
    expect(policyFromJson(shown).account.policy[0]?.outcome).toEqual({
      type: 'require',
      approvals: { group: 'Risk', threshold: 1 },
    })
  })

  it('refuse bad files naming the field', () => {
    const bad = (patch: Record<string, unknown>) => () =>
      policyFromJson({ ...policyFile, ...patch })
    expect(bad({ members: [] })).toThrow(/^members: must list at least one member/)
    expect(
      bad({
        policy: [{ name: 'X', match: { kinds: ['transfer'], maxAmount: '1e6' }, outcome: 'allow' }],
      }),
    ).toThrow(/^policy\[0\]\.match\.maxAmount: must be a whole number/)
    expect(
      bad({
        policy: [
          {
            name: 'X',
            match: { kinds: ['transfer'] },
            outcome: { require: { group: 'Ops', threshold: 1 } },
          },
        ],
      }),
    ).toThrow(/no group named 'Ops'/)
    expect(bad({ groups: { Treasury: ['0x0000000000000000000000000000000000000bad'] } })).toThrow(
      /is not a member of the account/,
    )
    expect(bad({ colour: 'blue' })).toThrow(InvalidValue)
  })
})
