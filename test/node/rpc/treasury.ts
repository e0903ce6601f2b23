/**
 * A treasury account on the RPC harness's chain: alice creates it with members alice, bob
 * (group Treasury) and carol (group Risk); a KYC claim and 1,000 ACME fund it. Policy: ACME
 * transfers up to 100 need 1 of Treasury, larger ones 2 of Treasury AND 1 of Risk; anything
 * else is blocked; policy changes need 1 of Risk.
 */
import { policyFromJson } from '../../../src/node/client'
import { accountAddress, type Address } from '../../../src/node/protocol'
import { alice, bob, carol, FAR_FUTURE, kycProvider, sign } from '../../fixtures/network'
import type { Harness } from './harness'

export const treasuryPolicy = {
  members: [alice.address, bob.address, carol.address],
  groups: { Treasury: [alice.address, bob.address], Risk: [carol.address] },
  policy: [
    {
      name: 'Small',
      match: { kinds: ['transfer'], assets: ['ACME'], maxAmount: '100' },
      outcome: { require: { group: 'Treasury', threshold: 1 } },
    },
    {
      name: 'Large',
      match: { kinds: ['transfer'], assets: ['ACME'], minAmount: '101' },
      outcome: {
        require: {
          all: [
            { group: 'Treasury', threshold: 2 },
            { group: 'Risk', threshold: 1 },
          ],
        },
      },
      expirySeconds: '86400',
    },
    { name: 'Nothing else', match: { kinds: 'any' }, outcome: 'block' },
  ],
  adminRule: {
    name: 'Admins',
    match: { kinds: ['policy-change'] },
    outcome: { require: { group: 'Risk', threshold: 1 } },
  },
}

/** The account alice's first transaction creates. */
export const treasury: Address = accountAddress(alice.address, 0n)

/** Creates and funds the treasury in two blocks; alice has used nonces 0 and 1 after it. */
export function createTreasury(h: Harness): void {
  const { membersAndPolicy } = policyFromJson(treasuryPolicy)
  h.backend.chain.submit(sign(alice, 'CreateAccount', { name: 'Treasury', ...membersAndPolicy }))
  h.backend.chain.submit(
    sign(kycProvider, 'IssueClaim', {
      subject: treasury,
      topic: 'kyc',
      value: 'true',
      expiresAt: FAR_FUTURE,
    }),
  )
  h.backend.chain.submit(
    sign(
      kycProvider,
      'IssueClaim',
      { subject: treasury, topic: 'jurisdiction', value: 'DE', expiresAt: 0n },
      1n,
    ),
  )
  h.backend.produceBlock()
  h.backend.chain.submit(
    sign(alice, 'Transfer', { symbol: 'ACME', to: treasury, amount: 1000n }, 1n),
  )
  h.backend.produceBlock()
}

export { alice, bob, carol }
