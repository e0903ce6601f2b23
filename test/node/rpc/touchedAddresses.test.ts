/**
 * Which addresses an account or governance transaction touches, so that `address`
 * subscribers (a member watching the account, a counterparty, a new validator) hear of it.
 */
import { describe, expect, it } from 'vitest'
import {
  createAccountTx,
  grantRoleProposalTx,
  policyFromJson,
  proposeTransferTx,
  type UnsignedTxRequest,
} from '../../../src/node/client'
import type { SignedTx } from '../../../src/node/protocol'
import { touchedAddresses } from '../../../src/node/rpc/touchedAddresses'
import { StateView } from '../../../src/node/state'
import { alice, bob, carol, dave, FAR_FUTURE, testDomain } from '../../fixtures/network'
import { treasury, treasuryPolicy } from './treasury'

const view = new StateView({ get: () => undefined })
const ctx = { domain: testDomain, from: alice.address, nonce: 0n, validUntil: FAR_FUTURE }
/** The signature plays no part in what a transaction touches. */
const unsigned = (request: UnsignedTxRequest): SignedTx =>
  ({ kind: request.kind, chainId: 7001n, message: request.message, signature: '0x' }) as SignedTx

describe('touchedAddresses', () => {
  it('a new account touches the account and its members', () => {
    const tx = createAccountTx(ctx, {
      name: 'Treasury',
      membersAndPolicy: policyFromJson(treasuryPolicy).membersAndPolicy,
    })
    expect(touchedAddresses(unsigned(tx), view)).toEqual(
      new Set([alice.address, treasury, bob.address, carol.address]),
    )
  })

  it('a proposal touches the account and the counterparty', () => {
    const tx = proposeTransferTx(
      { ...ctx, from: bob.address },
      { account: treasury, symbol: 'ACME', to: dave.address, amount: 5n },
    )
    expect(touchedAddresses(unsigned(tx), view)).toEqual(
      new Set([bob.address, treasury, dave.address]),
    )
  })

  it('a governance proposal touches its target', () => {
    const tx = grantRoleProposalTx(ctx, { title: 'Audit', role: 'auditor', to: carol.address })
    expect(touchedAddresses(unsigned(tx), view)).toEqual(new Set([alice.address, carol.address]))
  })
})
