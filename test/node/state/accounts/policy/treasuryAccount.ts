/** A realistic treasury account shared by the policy tests. */
import type { Address } from '../../../../../src/node/protocol/messages'
import type { Account } from '../../../../../src/node/state/accounts/policy'

export const addr = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`

export const t1 = addr(0x11)
export const t2 = addr(0x12)
export const t3 = addr(0x13)
export const r1 = addr(0x21)
export const r2 = addr(0x22)
export const a1 = addr(0x31)
export const a2 = addr(0x32)
export const bank = addr(0xb1)
export const broker = addr(0xb2)
export const stranger = addr(0xee)

export function treasuryAccount(): Account {
  return {
    address: addr(0xacc),
    name: 'Treasury ops',
    members: [t1, t2, t3, r1, r2, a1, a2],
    groups: { Treasury: [t1, t2, t3], Risk: [r1, r2], Admins: [a1, a2] },
    policy: [
      {
        name: 'Small transfers',
        match: {
          kinds: ['transfer'],
          maxAmount: 10_000n,
          counterparties: 'any',
          initiators: { groups: ['Treasury'] },
        },
        outcome: { type: 'allow' },
        velocity: { asset: 'EURD', amount: 1_000_000n, periodSeconds: 86_400n },
      },
      {
        name: 'Whitelisted',
        match: { kinds: ['transfer'], maxAmount: 1_000_000n, counterparties: [bank, broker] },
        outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 1 } },
        velocity: { asset: 'EURD', amount: 1_000_000n, periodSeconds: 86_400n },
      },
      {
        name: 'Large trades',
        match: { kinds: ['transfer'], minAmount: 1_000_001n, counterparties: [bank, broker] },
        outcome: {
          type: 'require',
          approvals: {
            all: [
              { group: 'Treasury', threshold: 2 },
              { group: 'Risk', threshold: 1 },
            ],
          },
        },
        timelockBlocks: 10n,
        expirySeconds: 86_400n,
      },
      { name: 'Everyone else', match: { kinds: ['transfer'] }, outcome: { type: 'block' } },
      {
        name: 'Policy changes',
        match: { kinds: ['policy-change'] },
        outcome: { type: 'require', approvals: { group: 'Admins', threshold: 2 } },
      },
    ],
  }
}
