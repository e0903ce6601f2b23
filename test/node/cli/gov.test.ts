/**
 * `custos gov` as a validator operator uses it, on a real one-validator node whose genesis
 * sets a four-block voting period: propose granting a role, vote with the consensus key, watch
 * the live tally in the listing, see the proposal pass and take effect; bad input and a
 * proposer who is not a validator are refused clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CustosRpc } from '../../../src/node/client'
import type { GovProposalJson, GovProposalListAnswer } from '../../../src/node/rpc/answers'
import { custos, startSingleNode, type SingleNode } from '../client/singleNode'

let net: SingleNode
let proposal: string

/** `custos gov <line>` against the node; `line` is split on spaces, `extra` kept whole. */
const gov = (line: string, ...extra: string[]) =>
  custos('gov', ...line.split(' '), ...extra, '--rpc', net.url)

const bob = () => net.people.get('bob')?.address ?? ''

beforeAll(async () => {
  net = await startSingleNode({ votingPeriodBlocks: 4n })
}, 60_000)

afterAll(async () => {
  await net.stop()
})

describe('custos gov', () => {
  it('--help describes every action', async () => {
    const run = await custos('gov', '--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('custos gov <action>')
    for (const action of ['propose', 'vote', 'list', 'show'])
      expect(run.stdout).toMatch(new RegExp(`^  ${action} `, 'm'))
  })

  it('propose prints the proposal id, voting open', async () => {
    const run = await gov(
      `propose --key ${net.validatorKey} --grant-role auditor --to ${bob()}`,
      '--title',
      'Bob audits',
      '--description',
      'Appoint Demo Bob as auditor',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    proposal = /^proposal (0x[0-9a-f]{64})$/m.exec(run.stdout)?.[1] ?? ''
    expect(proposal).not.toBe('')
    expect(run.stdout).toContain(`action      grant-role auditor ${bob()}`)
    expect(run.stdout).toMatch(/^status +voting \(\d blocks left, ends at height \d+\)$/m)
    expect(run.stdout).toMatch(/^tally +so far: yes 0, no 0, abstain 0, veto 0 of 10 — No quorum/m)
  }, 60_000)

  it('vote records the vote; list shows the live tally', async () => {
    const run = await gov(`vote --key ${net.validatorKey} --proposal ${proposal} --option yes`)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^tally +(so far|final): yes 10, no 0, abstain 0, veto 0 of 10 — Passed/m,
    )
    const list = await gov('list --json')
    const answer = JSON.parse(list.stdout) as GovProposalListAnswer
    expect(answer.proposals.map((p) => p.id)).toEqual([proposal])
    expect(answer.proposals[0]?.currentTally).toMatchObject({ yes: '10', outcome: 'passed' })
  }, 60_000)

  it('the proposal passes at the end of the period and the role is granted', async () => {
    const deadline = Date.now() + 30_000
    let shown: GovProposalJson | undefined
    while (Date.now() < deadline) {
      const run = await gov(`show --proposal ${proposal} --json`)
      shown = JSON.parse(run.stdout) as GovProposalJson
      if (shown.status !== 'voting') break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(shown).toMatchObject({
      status: 'passed',
      tallyIsFinal: true,
      tally: { outcome: 'passed' },
    })
    const list = await gov('list --status passed')
    expect(list.stdout).toContain(`${proposal}  passed    grant-role`)
    expect(list.stdout).toMatch(/final: yes 10, no 0, abstain 0, veto 0 of 10 — Passed/)
    const participant = await new CustosRpc(net.url).call<{ roles: string[] }>(
      'custos_getParticipant',
      { address: bob() },
    )
    expect(participant.roles).toContain('auditor')
  }, 60_000)

  it('refuses bad input, and a proposer who is not a validator with the chain reason', async () => {
    const option = await gov(`vote --key ${net.validatorKey} --proposal ${proposal} --option maybe`)
    expect(option.code).toBe(2)
    expect(option.stderr).toMatch(/^custos: --option: must be one of yes, no, abstain, veto/)
    const two = await gov(
      `propose --key ${net.validatorKey} --text --remove-validator ${bob()}`,
      '--title',
      'x',
    )
    expect(two.code).toBe(2)
    expect(two.stderr).toMatch(/give exactly one of --add-validator/)
    const role = await gov(
      `propose --key ${net.validatorKey} --grant-role king --to ${bob()}`,
      '--title',
      'x',
    )
    expect(role.code).toBe(2)
    expect(role.stderr).toMatch(
      /--grant-role: must be one of issuer, claim-issuer, auditor, regulator/,
    )
    const power = await gov(
      `propose --key ${net.validatorKey} --add-validator ${bob()}`,
      '--title',
      'x',
    )
    expect(power.code).toBe(2)
    expect(power.stderr).toMatch(/--power is required/)
    const outsider = net.people.get('alice')?.keyFile ?? ''
    const refused = await gov(`propose --key ${outsider} --text`, '--title', 'Hello')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^custos: transaction 0x[0-9a-f]{64} was refused: /)
  }, 60_000)
})
