/** excludeInitiator: the initiator neither approves nor counts, and explanations say so. */
import { describe, expect, it } from 'vitest'
import {
  approvalStatus,
  explain,
  impossibleWords,
  validatePolicy,
  type Account,
  type DraftAction,
} from '../../../../../src/node/state/accounts/policy'
import { bank, r1, r2, t1, t2, t3, treasuryAccount } from '../../../../fixtures/treasuryAccount'

/** The treasury account whose 'Whitelisted' rule needs 2 of Treasury, initiator excluded. */
function fourEyes(threshold: number): Account {
  const account = treasuryAccount()
  return {
    ...account,
    policy: account.policy.map((rule) =>
      rule.name === 'Whitelisted'
        ? {
            ...rule,
            outcome: { type: 'require', approvals: { group: 'Treasury', threshold } },
            excludeInitiator: true,
          }
        : rule,
    ),
  }
}

const draft = (initiator = t1): DraftAction => ({
  kind: 'transfer',
  asset: 'EURD',
  amount: 50_000n,
  counterparty: bank,
  initiator,
})

describe('excludeInitiator', () => {
  it('is valid only on a require outcome', () => {
    expect(() => validatePolicy(fourEyes(2))).not.toThrow()
    const account = treasuryAccount()
    account.policy[0] = { ...account.policy[0], excludeInitiator: true }
    expect(() => validatePolicy(account)).toThrow(/excludeInitiator/)
  })

  it('an excluded member does not count even when listed as approving', () => {
    const status = approvalStatus(
      { group: 'Treasury', threshold: 2 },
      fourEyes(2).groups,
      [t1, t2],
      [],
      [t1],
    )
    expect(status.met).toBe(false)
    expect(status.approvedBy).toEqual([t2])
    expect(status.canStillApprove).toEqual([t3])
    expect(status.tree).toMatchObject({ kind: 'group', excluded: [t1], pending: [t3], needed: 1 })
  })

  it('explain leaves the initiator out of canStillApprove and says it may not approve', () => {
    const e = explain(fourEyes(2), draft(), { approvals: [], rejections: [], usage: 0n })
    expect(e.canStillApprove).toEqual([t2, t3])
    expect(e.excludedInitiator).toBe(t1)
    expect(e.summary).toBe(
      "Policy rule 2 'Whitelisted' needs 2 more approvals from Treasury; the initiator may not approve",
    )
  })

  it('an initiator outside the group changes nothing', () => {
    const e = explain(fourEyes(3), draft(r1), { approvals: [], rejections: [], usage: 0n })
    expect(e.canStillApprove).toEqual([t1, t2, t3])
    expect(e.blockedBecause).toBeUndefined()
  })

  it('"can no longer be met" counts the exclusion', () => {
    // 3 of Treasury with t1 excluded: only t2 and t3 are left
    const e = explain(fourEyes(3), draft(), { approvals: [], rejections: [], usage: 0n })
    expect(e.approval?.stillPossible).toBe(false)
    expect(e.blockedBecause).toBe(
      "Policy rule 2 'Whitelisted' can no longer be met: Treasury needs 3 more but only 2 members can still approve (0 rejected, 1 excluded as initiator)",
    )
    // one rejection is enough to make 2 of Treasury impossible
    const status = approvalStatus(
      { group: 'Treasury', threshold: 2 },
      fourEyes(2).groups,
      [],
      [t2],
      [t1],
    )
    expect(status.stillPossible).toBe(false)
    expect(impossibleWords(status.tree)).toEqual([
      'Treasury needs 2 more but only 1 member can still approve (1 rejected, 1 excluded as initiator)',
    ])
  })

  it('leaves other groups alone', () => {
    const status = approvalStatus(
      {
        all: [
          { group: 'Treasury', threshold: 1 },
          { group: 'Risk', threshold: 2 },
        ],
      },
      fourEyes(2).groups,
      [t1, r1, r2],
      [],
      [t1],
    )
    expect(status.met).toBe(false)
    expect(status.missing).toEqual({ group: 'Treasury', needed: 1, canApprove: [t2, t3] })
  })
})
