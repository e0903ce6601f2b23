/** AND/OR approval trees: met, stillPossible (a table of cases), and their monotonicity. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Address } from '../../../../../src/node/protocol/messages'
import {
  approvalStatus,
  missingWords,
  type ApprovalRequirement,
} from '../../../../../src/node/state/accounts/policy'
import { a1, r1, r2, t1, t2, t3 } from '../../../../fixtures/treasuryAccount'

// t3 is in both Treasury and Ops: it counts toward each.
const groups: Record<string, Address[]> = { Treasury: [t1, t2, t3], Risk: [r1, r2], Ops: [t3, a1] }
const twoTreasuryAndOneRisk: ApprovalRequirement = {
  all: [
    { group: 'Treasury', threshold: 2 },
    { group: 'Risk', threshold: 1 },
  ],
}
const riskOrTwoOps: ApprovalRequirement = {
  any: [
    { group: 'Risk', threshold: 2 },
    { group: 'Ops', threshold: 2 },
  ],
}

describe('approvalStatus', () => {
  it.each<[string, ApprovalRequirement, Address[], Address[], boolean, boolean]>([
    // name, requirement, approvals, rejections, met, stillPossible
    ['nothing yet', twoTreasuryAndOneRisk, [], [], false, true],
    ['AND half met', twoTreasuryAndOneRisk, [t1, t2], [], false, true],
    ['AND met', twoTreasuryAndOneRisk, [t1, t2, r2], [], true, true],
    ['duplicate approvals count once', twoTreasuryAndOneRisk, [t1, t1, r1], [], false, true],
    ['non-members do not count', twoTreasuryAndOneRisk, [t1, a1, r1], [], false, true],
    ['one Treasury rejection: 2 of 2 left', twoTreasuryAndOneRisk, [], [t1], false, true],
    [
      'two Treasury rejections: 1 left, 2 needed',
      twoTreasuryAndOneRisk,
      [t3],
      [t1, t2],
      false,
      false,
    ],
    ['one Risk rejection: 1 left', twoTreasuryAndOneRisk, [t1], [r1], false, true],
    ['both Risk reject', twoTreasuryAndOneRisk, [t1, t2], [r1, r2], false, false],
    ['rejection overrides approval', twoTreasuryAndOneRisk, [t1, t2, r1], [r1], false, true],
    ['OR: first branch met', riskOrTwoOps, [r1, r2], [], true, true],
    ['OR: shared member counts toward Ops', riskOrTwoOps, [t3, a1], [], true, true],
    ['OR: one branch dead, the other alive', riskOrTwoOps, [], [r1], false, true],
    ['OR: both branches dead', riskOrTwoOps, [], [r1, a1], false, false],
    ['OR: shared member rejection kills Ops only', riskOrTwoOps, [], [t3], false, true],
    [
      'nested: (Risk 2 OR Ops 2) AND Treasury 1, Treasury all reject',
      { all: [riskOrTwoOps, { group: 'Treasury', threshold: 1 }] },
      [r1, r2],
      [t1, t2, t3],
      false,
      false,
    ],
    [
      'nested met',
      { all: [riskOrTwoOps, { group: 'Treasury', threshold: 1 }] },
      [r1, r2, t2],
      [],
      true,
      true,
    ],
    ['unknown group can never be met', { group: 'Nobody', threshold: 1 }, [t1], [], false, false],
  ])('%s', (_name, requirement, approvals, rejections, met, stillPossible) => {
    const status = approvalStatus(requirement, groups, approvals, rejections)
    expect({ met: status.met, stillPossible: status.stillPossible }).toEqual({ met, stillPossible })
  })

  it('says what is missing and who can still approve, in a stable order', () => {
    const status = approvalStatus(twoTreasuryAndOneRisk, groups, [t2], [r1])
    expect(status.missing).toEqual({
      all: [
        { group: 'Treasury', needed: 1, canApprove: [t1, t3] },
        { group: 'Risk', needed: 1, canApprove: [r2] },
      ],
    })
    expect(status.missing && missingWords(status.missing)).toBe(
      '1 more approval from Treasury AND 1 more approval from Risk',
    )
    expect(status.approvedBy).toEqual([t2])
    expect(status.canStillApprove).toEqual([t1, t3, r2])
  })

  it('leaves dead OR branches out of what is missing', () => {
    const status = approvalStatus(riskOrTwoOps, groups, [a1], [r1])
    expect(status.missing).toEqual({ group: 'Ops', needed: 1, canApprove: [t3] })
  })

  it('met implies stillPossible; approvals never unmeet; rejections never revive', () => {
    const members = [t1, t2, t3, r1, r2, a1]
    const names = Object.keys(groups)
    const requirement: fc.Arbitrary<ApprovalRequirement> = fc.letrec<{ req: ApprovalRequirement }>(
      (tie) => ({
        req: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.record({
            group: fc.constantFrom(...names),
            threshold: fc.integer({ min: 1, max: 3 }),
          }),
          fc.record({ all: fc.array(tie('req'), { minLength: 1, maxLength: 3 }) }),
          fc.record({ any: fc.array(tie('req'), { minLength: 1, maxLength: 3 }) }),
        ),
      }),
    ).req
    const subset = fc.subarray(members)
    fc.assert(
      fc.property(
        requirement,
        subset,
        subset,
        fc.constantFrom(...members),
        (req, approvals, rejections, extra) => {
          const before = approvalStatus(req, groups, approvals, rejections)
          if (before.met) expect(before.stillPossible).toBe(true)
          const approvedMore = approvalStatus(req, groups, [...approvals, extra], rejections)
          if (before.met) expect(approvedMore.met).toBe(true)
          const rejectedMore = approvalStatus(req, groups, approvals, [...rejections, extra])
          if (!before.stillPossible) expect(rejectedMore.stillPossible).toBe(false)
        },
      ),
      { numRuns: 500 },
    )
  })
})
