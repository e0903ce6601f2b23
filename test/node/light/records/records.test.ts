/**
 * Each record type round-trips through the encrypted file and re-verifies offline against its
 * recorded header, using a real chain: a 2-of-3 treasury account proposes a transfer, two
 * members approve it (it executes), and a validator opens a governance proposal others vote on.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RecordStore,
  verifyStateRecord,
  verifyTxBytes,
  verifyTxInclusion,
  type StoredRecord,
} from '../../../../src/node/light/records'
import { headerHash, verifyTx, type Address, type Hex } from '../../../../src/node/protocol'
import { keys } from '../../../../src/node/state/keys'
import {
  AccountChain,
  m1,
  m2,
  m3,
  m4,
  transferAction,
  type PolicySpec,
} from '../../../fixtures/accounts'
import { govAction } from '../../../fixtures/governance'
import { carol, testDomain, validators, type Actor } from '../../../fixtures/network'
import { ChainRecorder } from './chainRecorder'
import { randomKey, removeTempDirs, tempDir } from './fixtures'

const twoOfThree: PolicySpec = {
  members: [m1, m2, m3, m4],
  groups: { Ops: [m1, m2, m3], Admins: [m4] },
  policy: [
    {
      name: 'Two of three',
      match: { kinds: ['transfer'] },
      outcome: { type: 'require', approvals: { group: 'Ops', threshold: 2 } },
    },
  ],
}

const [v1, v2, v3] = validators as [Actor, Actor, Actor]

let net: AccountChain
let records: RecordStore
let rec: ChainRecorder
let path: string
const key = randomKey()

let account: Address
let proposalId: Hex
let approvalIds: Hex[]
let govId: Hex
let voteIds: Hex[]
/** Height of each step, for time-window queries. */
const at: Record<'proposed' | 'approved' | 'executed' | 'governance', bigint> = {
  proposed: 0n,
  approved: 0n,
  executed: 0n,
  governance: 0n,
}

function snapshotAll(height: bigint): void {
  records.putProposal({ id: proposalId, height, proof: net.store.prove(keys.proposal(proposalId)) })
  records.putHolding({
    symbol: 'EURC',
    holder: account,
    height,
    proof: net.store.prove(keys.balance('EURC', account)),
  })
}

beforeAll(() => {
  path = join(tempDir(), 'records.db')
  records = RecordStore.open({ path, key, now: () => 1_767_300_000_000 })
  net = new AccountChain()
  rec = new ChainRecorder(net, records)
  account = net.fundedAccount(twoOfThree)
  records.putPolicyVersion({
    account,
    height: rec.head(),
    proof: net.store.prove(keys.account(account)),
  })

  const proposed = net.propose(m1, account, transferAction('EURC', carol.address, 2_500n))
  proposalId = proposed.id
  rec.tx(proposalId, [account])
  at.proposed = rec.head()
  snapshotAll(at.proposed)

  let proposal = net.approve(m2, proposed)
  approvalIds = []
  approvalIds.push(lastTxId())
  rec.tx(approvalIds[0] as Hex, [account])
  at.approved = rec.head()
  snapshotAll(at.approved)

  proposal = net.approve(m3, proposal)
  expect(proposal.status).toBe('executed')
  approvalIds.push(lastTxId())
  rec.tx(approvalIds[1] as Hex, [account])
  at.executed = rec.head()
  snapshotAll(at.executed)

  govId = net.include(
    net.tx(v1, 'SubmitGovProposal', {
      title: 'Adopt ISO 20022 references',
      description: 'signal',
      action: govAction({ kind: 'text' }),
    }),
  )
  rec.tx(govId, [v1.address])
  voteIds = [v2, v3].map((v) => {
    const id = net.include(net.tx(v, 'CastVote', { proposalId: govId, option: 'yes' }))
    rec.tx(id, [v.address])
    return id
  })
  at.governance = rec.head()
  records.putGovProposal({
    id: govId,
    height: at.governance,
    proof: net.store.prove(keys.govProposal(govId)),
  })
  records.appendAudit({ user: 'maria', action: 'proposal.approve', details: { proposalId } })
})

afterAll(() => {
  records.close()
  net.close()
  removeTempDirs()
})

/** The id of the only transaction in the head block. */
function lastTxId(): Hex {
  const block = net.store.block(net.height())
  const bytes = block?.txs[0]
  if (!bytes) throw new Error('empty head block')
  return verifyTx(bytes, { domain: testDomain }).id
}

async function headerOf(height: bigint) {
  const block = records.block(height)
  if (!block) throw new Error(`no block ${height}`)
  return block.header
}

describe('blocks', () => {
  it('round-trip header, commit and validator set, with the header hash', () => {
    const stored = records.block(at.executed)
    expect(stored?.header).toEqual(net.store.header(at.executed))
    expect(stored?.commit).toEqual(net.store.commit(at.executed))
    expect(stored?.validators).toEqual(net.chain.validatorSetAt(at.executed))
    expect(stored?.hash).toBe(headerHash(stored?.header ?? net.chain.head().header))
    expect(stored?.timeMs).toBe(Number(net.store.header(at.executed)?.timeMs))
    expect(records.latestBlock()?.height).toBe(at.governance)
  })
})

describe('transactions', () => {
  it('keep the signed envelope and an inclusion proof that re-verifies against txRoot', async () => {
    const tx = records.transaction(proposalId)
    expect(tx).toMatchObject({
      kind: 'ProposeAction',
      from: m1.address,
      height: at.proposed,
      accounts: [account],
      proposalId,
    })
    const header = await headerOf(at.proposed)
    expect(tx && verifyTxInclusion(tx, header)).toBe(true)
    expect(tx && verifyTxBytes(tx, testDomain)).toBe(true)
    expect(verifyTx(tx?.bytes ?? new Uint8Array(), { domain: testDomain }).signer).toBe(m1.address)
    // a proof checked against another block's header fails
    const other = await headerOf(at.approved)
    expect(tx && verifyTxInclusion(tx, { ...other, height: at.proposed })).toBe(false)
  })

  it('index the approvals of a proposal with their signatures', () => {
    const approvals = records.approvals(proposalId)
    expect(approvals.map((t) => t.id)).toEqual(approvalIds)
    expect(approvals.map((t) => verifyTx(t.bytes, { domain: testDomain }).signer)).toEqual([
      m2.address,
      m3.address,
    ])
    expect(records.proposalTransactions(proposalId).map((t) => t.kind)).toEqual([
      'ProposeAction',
      'ApproveProposal',
      'ApproveProposal',
    ])
  })

  it('index governance votes', () => {
    expect(records.votes(govId).map((t) => t.id)).toEqual(voteIds)
    expect(records.transaction(govId)?.proposalId).toBe(govId)
  })
})

describe('state snapshots', () => {
  it('keep each proposal state with a proof against its header', async () => {
    const history = records.proposalHistory(proposalId)
    expect(history.map((p) => p.status)).toEqual(['pending', 'pending', 'executed'])
    expect(history.map((p) => p.proposal.approvals.length)).toEqual([0, 1, 2])
    expect(records.proposal(proposalId)?.proposal).toEqual(net.proposal(proposalId))
    for (const snapshot of history)
      expect(await verifyStateRecord(snapshot, await headerOf(snapshot.height))).not.toBeNull()
  })

  it('keep governance proposals', async () => {
    const gov = records.govProposal(govId)
    expect(gov).toMatchObject({
      status: 'voting',
      proposal: { title: 'Adopt ISO 20022 references' },
    })
    expect(Object.keys(gov?.proposal.votes ?? {})).toHaveLength(2)
    if (gov) await verifyStateRecord(gov, await headerOf(gov.height))
  })

  it('keep policy versions with the account record', async () => {
    const versions = records.policyVersions(account)
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ policyVersion: 1n, account })
    expect(versions[0]?.record.members).toEqual([m1, m2, m3, m4].map((m) => m.address))
    const v = versions[0]
    if (v) await verifyStateRecord(v, await headerOf(v.height))
  })

  it('keep holdings over time', async () => {
    const before = records.block(at.approved)?.timeMs ?? 0
    const after = records.block(at.executed)?.timeMs ?? 0
    expect(records.holdingsAt(before).map((h) => h.amount)).toEqual([100_000n])
    expect(records.holdingsAt(new Date(after)).map((h) => h.amount)).toEqual([97_500n])
    expect(records.holdingsAt(before - 1_000_000)).toEqual([])
    expect(records.holdingsAt(after, { symbols: ['ACME'] })).toEqual([])
    expect([...records.holdingHistory('EURC', account)].map((h) => h.height)).toEqual([
      at.proposed,
      at.approved,
      at.executed,
    ])
    const latest = records.holdingsAt(after)[0]
    if (latest) await verifyStateRecord(latest, await headerOf(latest.height))
  })
})

describe('queries', () => {
  it('iterate every record in time order', () => {
    const all = [...records.iterateRecords()]
    const times = all.map((r) => r.timeMs)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const counts = records.counts()
    expect(all.length).toBe(Object.values(counts).reduce((a, b) => a + b, 0))
    expect(counts).toMatchObject({
      transaction: 6,
      proposal: 3,
      govProposal: 1,
      policyVersion: 1,
      holding: 3,
      audit: 1,
    })
  })

  it('filter by time window (from inclusive, to exclusive), type and account', () => {
    const from = records.block(at.proposed)?.timeMs ?? 0
    const to = new Date(records.block(at.executed)?.timeMs ?? 0)
    const window = [...records.iterateRecords({ from, to, types: ['transaction', 'proposal'] })]
    expect(window.map((r) => `${r.type}@${'height' in r ? r.height : ''}`)).toEqual([
      `transaction@${at.proposed}`,
      `proposal@${at.proposed}`,
      `transaction@${at.approved}`,
      `proposal@${at.approved}`,
    ])
    const validatorTxs = [
      ...records.iterateRecords({ accounts: [v2.address], types: ['transaction'] }),
    ]
    expect(validatorTxs.map((r) => (r.type === 'transaction' ? r.id : ''))).toEqual([voteIds[0]])
    const mine = records.counts({
      accounts: [account.toUpperCase().replace('0X', '0x') as Address],
    })
    expect(mine).toMatchObject({
      transaction: 3,
      proposal: 3,
      holding: 3,
      policyVersion: 1,
      govProposal: 1,
    })
  })

  it('stream lazily: an abandoned iteration frees the connection for writes', () => {
    const iterator = records.iterateRecords()
    const first: StoredRecord | undefined = iterator.next().value ?? undefined
    expect(first?.type).toBe('block')
    expect(() => records.appendAudit({ user: 'maria', action: 'noop' })).toThrow(/busy/)
    iterator.return()
    expect(records.appendAudit({ user: 'maria', action: 'records.view' }).seq).toBe(2)
  })

  it('serve a read-only connection while the writer goes on', () => {
    const reader = RecordStore.open({ path, key, readOnly: true })
    try {
      const stream = reader.iterateRecords({ types: ['audit'] })
      expect(stream.next().value).toMatchObject({ type: 'audit', seq: 1 })
      const entry = records.appendAudit({ user: 'maria', action: 'export.csv' })
      stream.return()
      expect(reader.auditEntry(entry.seq)?.action).toBe('export.csv')
      expect(() => reader.appendAudit({ user: 'x', action: 'y' })).toThrow(/read-only/)
    } finally {
      reader.close()
    }
  })
})
