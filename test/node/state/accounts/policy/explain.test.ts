/** explain() on a realistic treasury policy: what matched, what it needs, who can still act, why. */
import { describe, expect, it } from 'vitest'
import { explain, type DraftAction } from '../../../../../src/node/state/accounts/policy'
import {
  a1,
  a2,
  bank,
  r1,
  r2,
  stranger,
  t1,
  t2,
  t3,
  treasuryAccount,
} from '../../../../fixtures/treasuryAccount'

const account = treasuryAccount()
const draft = { approvals: [], rejections: [], usage: 0n }
const transfer = (amount: bigint, counterparty = bank, initiator = t1): DraftAction => ({
  kind: 'transfer',
  asset: 'EURD',
  amount,
  counterparty,
  initiator,
})

describe('explain', () => {
  it('large trade with two Treasury approvals needs 1 more from Risk', () => {
    const e = explain(account, transfer(2_000_000n), {
      approvals: [t2, t1],
      rejections: [],
      usage: 0n,
    })
    expect(e).toMatchObject({
      decision: 'require',
      rule: { index: 2, name: 'Large trades' },
      matched: "Policy rule 3 'Large trades'",
      requires: '2 of Treasury AND 1 of Risk',
      approvedBy: [t1, t2],
      rejectedBy: [],
      canStillApprove: [t3, r1, r2],
      timelockBlocks: 10n,
      expirySeconds: 86_400n,
      summary: "Policy rule 3 'Large trades' needs 1 more approval from Risk",
    })
    expect(e.blockedBecause).toBeUndefined()
  })

  it('a fresh large-trade draft lists everything missing', () => {
    expect(explain(account, transfer(2_000_000n), draft).summary).toBe(
      "Policy rule 3 'Large trades' needs 2 more approvals from Treasury AND 1 more approval from Risk",
    )
  })

  it('fully approved large trade mentions the timelock', () => {
    const e = explain(account, transfer(2_000_000n), {
      approvals: [t1, t3, r2],
      rejections: [],
      usage: 0n,
    })
    expect(e.summary).toBe(
      "Policy rule 3 'Large trades' is fully approved; it can execute 10 blocks after full approval",
    )
  })

  it('says why a proposal can no longer be met', () => {
    const e = explain(account, transfer(2_000_000n), {
      approvals: [t1, t2],
      rejections: [r1, r2],
      usage: 0n,
    })
    expect(e.decision).toBe('require')
    expect(e.approval?.stillPossible).toBe(false)
    expect(e.rejectedBy).toEqual([r1, r2])
    expect(e.summary).toBe(
      "Policy rule 3 'Large trades' can no longer be met: Risk needs 1 more but only 0 members can still approve (2 rejected)",
    )
    expect(e.blockedBecause).toBe(e.summary)
  })

  it('small transfer by Treasury is allowed without approval', () => {
    const e = explain(account, transfer(10_000n, stranger), draft)
    expect(e).toMatchObject({ decision: 'allow', requires: 'no approval', canStillApprove: [] })
    expect(e.summary).toBe(
      `Policy rule 1 'Small transfers' allows this transfer of 10,000 EURD to ${stranger} without approval`,
    )
  })

  it('small transfer by a Risk member falls to the whitelist rule', () => {
    const e = explain(account, transfer(5_000n, bank, r1), draft)
    expect(e.summary).toBe("Policy rule 2 'Whitelisted' needs 1 more approval from Treasury")
    expect(e.canStillApprove).toEqual([t1, t2, t3])
  })

  it('transfer to anyone else is blocked by rule 4, naming it', () => {
    const e = explain(account, transfer(50_000n, stranger), draft)
    expect(e).toMatchObject({ decision: 'block', requires: 'nothing: it is blocked' })
    expect(e.blockedBecause).toBe(
      `Policy rule 4 'Everyone else' blocks this transfer of 50,000 EURD to ${stranger}`,
    )
  })

  it('velocity overflow is explained with the limit and usage', () => {
    const e = explain(account, transfer(100_000n), { ...draft, usage: 950_000n })
    expect(e.decision).toBe('block')
    expect(e.summary).toBe(
      `Policy rule 2 'Whitelisted' blocks this transfer of 100,000 EURD to ${bank}: velocity limit ` +
        '1,000,000 EURD per 86,400 s would be exceeded: 950,000 already used, 100,000 requested',
    )
  })

  it('policy changes need 2 Admins', () => {
    const e = explain(
      account,
      { kind: 'policy-change', initiator: a1 },
      { ...draft, approvals: [a1] },
    )
    expect(e.requires).toBe('2 of Admins')
    expect(e.canStillApprove).toEqual([a2])
    expect(e.summary).toBe("Policy rule 5 'Policy changes' needs 1 more approval from Admins")
  })

  it('no match is denied by default, with the reason', () => {
    const e = explain(account, { kind: 'dvp-affirmation', initiator: t1 }, draft)
    expect(e).toMatchObject({
      decision: 'deny',
      matched: 'no rule matches: denied by default',
      summary: 'Denied: no policy rule matches this DvP affirmation; no match means deny',
    })
    expect(e.rule).toBeUndefined()
  })

  it('a non-member initiator is denied', () => {
    const e = explain(account, transfer(5n, bank, stranger), draft)
    expect(e.decision).toBe('deny')
    expect(e.summary).toBe(
      `Denied: initiator ${stranger} is not a member of account 'Treasury ops'`,
    )
  })

  it('is deterministic regardless of input order', () => {
    const a = explain(account, transfer(2_000_000n), {
      approvals: [t2, t1],
      rejections: [r2],
      usage: 0n,
    })
    const b = explain(account, transfer(2_000_000n), {
      approvals: [t1, t2, t1],
      rejections: [r2],
      usage: 0n,
    })
    expect(a).toEqual(b)
  })
})
