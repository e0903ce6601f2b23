/**
 * Writing state snapshots: proposals, governance proposals, policy versions and holdings, each
 * as the state proof it came with. The record is the proof's value, so the stored record and
 * its proof cannot disagree. Each write checks that the proof is for the expected state key
 * and starts at the stateRoot of the recorded header at its height (a cheap anchor check; the
 * full trie walk is `verifyStateRecord`, already done by the light client).
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import { fromHex, keccak256, toHex } from '../../protocol/hash'
import type { Address, Hex } from '../../protocol/messages'
import type { StateProof } from '../../protocol/stateProof'
import type { AccountRecord, Proposal } from '../../state/accounts/types'
import type { GovProposal } from '../../state/governance/types'
import { keys } from '../../state/keys'
import { RecordRejected } from './errors'
import {
  govProposalFromRow,
  holdingFromRow,
  policyVersionFromRow,
  proposalFromRow,
  provenValue,
  type GovProposalRow,
  type HoldingRow,
  type PolicyVersionRow,
  type ProposalRow,
} from './rows'
import { statement } from './statements'
import type {
  GovProposalRecord,
  HoldingRecord,
  PolicyVersionRecord,
  ProposalRecord,
  PutGovProposalParameters,
  PutHoldingParameters,
  PutPolicyVersionParameters,
  PutProposalParameters,
} from './types'
import { requireHeader } from './writeChain'

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/

interface CheckedProof<T> {
  timeMs: number
  value: T | null
  /** The proof as stored: lowercase hex, only its three fields. */
  json: string
}

/** Checks a proof's key, shape and anchor, and decodes its value. */
function checkProof<T>(
  db: Database.Database,
  height: bigint,
  proof: StateProof,
  key: string,
): CheckedProof<T> {
  if (proof.key !== key)
    throw new RecordRejected(`the proof is for ${proof.key}; expected ${key}`, { key })
  const header = requireHeader(db, height, key)
  const first = proof.nodes[0]
  const wellFormed =
    first !== undefined &&
    proof.nodes.every((n) => HEX.test(n)) &&
    (proof.value === null || HEX.test(proof.value))
  if (!wellFormed) throw new RecordRejected(`the proof of ${key} is not a list of hex trie nodes`)
  if (toHex(keccak256(fromHex(first))) !== header.stateRoot.toLowerCase())
    throw new RecordRejected(
      `the proof of ${key} does not start at the stateRoot of block ${height}`,
      { key, height: height.toString() },
    )
  const canonical: StateProof = {
    key,
    value: proof.value === null ? null : (proof.value.toLowerCase() as Hex),
    nodes: proof.nodes.map((n) => n.toLowerCase() as Hex),
  }
  let value: T | null
  try {
    value = provenValue<T>(canonical)
  } catch (cause) {
    throw new RecordRejected(`the value proven for ${key} is not a state record`, { key }, cause)
  }
  return { timeMs: header.timeMs, value, json: JSON.stringify(canonical) }
}

function present<T>(checked: CheckedProof<T>, key: string): T {
  if (checked.value === null || typeof checked.value !== 'object')
    throw new RecordRejected(`the proof of ${key} shows no record there`, { key })
  return checked.value
}

export function putProposal(db: Database.Database, params: PutProposalParameters): ProposalRecord {
  const id = params.id.toLowerCase() as Hex
  const key = keys.proposal(id)
  const checked = checkProof<Proposal>(db, params.height, params.proof, key)
  const proposal = present(checked, key)
  if (proposal.id !== id) throw new RecordRejected(`${key} holds proposal ${proposal.id}`)
  statement(
    db,
    `INSERT INTO proposals (id, height, time_ms, account, status, proof) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(fromHex(id), params.height, checked.timeMs, proposal.account, proposal.status, checked.json)
  const row = statement(db, 'SELECT * FROM proposals WHERE id = ? AND height = ?').get(
    fromHex(id),
    params.height,
  ) as ProposalRow
  return proposalFromRow(row)
}

export function putGovProposal(
  db: Database.Database,
  params: PutGovProposalParameters,
): GovProposalRecord {
  const id = params.id.toLowerCase() as Hex
  const key = keys.govProposal(id)
  const checked = checkProof<GovProposal>(db, params.height, params.proof, key)
  const proposal = present(checked, key)
  if (proposal.id !== id) throw new RecordRejected(`${key} holds proposal ${proposal.id}`)
  statement(
    db,
    `INSERT INTO gov_proposals (id, height, time_ms, status, proof) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(fromHex(id), params.height, checked.timeMs, proposal.status, checked.json)
  const row = statement(db, 'SELECT * FROM gov_proposals WHERE id = ? AND height = ?').get(
    fromHex(id),
    params.height,
  ) as GovProposalRow
  return govProposalFromRow(row)
}

/**
 * Records the account's policy version as proven at `height`. The first proof seen of a
 * version is kept: one proof is enough to show the version's members and rules.
 */
export function putPolicyVersion(
  db: Database.Database,
  params: PutPolicyVersionParameters,
): PolicyVersionRecord {
  const account = params.account.toLowerCase() as Address
  const key = keys.account(account)
  const checked = checkProof<AccountRecord>(db, params.height, params.proof, key)
  const record = present(checked, key)
  if (typeof record.policyVersion !== 'bigint')
    throw new RecordRejected(`${key} holds no policy version`, { key })
  statement(
    db,
    `INSERT INTO policy_versions (account, policy_version, height, time_ms, proof) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(account, record.policyVersion, params.height, checked.timeMs, checked.json)
  const row = statement(
    db,
    'SELECT * FROM policy_versions WHERE account = ? AND policy_version = ?',
  ).get(account, record.policyVersion) as PolicyVersionRow
  return policyVersionFromRow(row)
}

export function putHolding(db: Database.Database, params: PutHoldingParameters): HoldingRecord {
  const holder = params.holder.toLowerCase() as Address
  const key = keys.balance(params.symbol, holder)
  const checked = checkProof<bigint>(db, params.height, params.proof, key)
  const amount = checked.value ?? 0n
  if (typeof amount !== 'bigint')
    throw new RecordRejected(`${key} does not hold a balance`, { key })
  statement(
    db,
    `INSERT INTO holdings (symbol, holder, height, time_ms, amount, proof) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(params.symbol, holder, params.height, checked.timeMs, amount.toString(), checked.json)
  const row = statement(
    db,
    'SELECT * FROM holdings WHERE symbol = ? AND holder = ? AND height = ?',
  ).get(params.symbol, holder, params.height) as HoldingRow
  return holdingFromRow(row)
}
