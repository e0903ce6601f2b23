/**
 * Reading and writing account and proposal records, keeping the proposal indexes in step
 * with each proposal's status (as settlement/instructions.ts does for instructions):
 * `accountProposals(account)` lists every proposal of an account, oldest first;
 * `openProposals()` lists the pending and approved ones across accounts.
 */
import { NotFound } from '../../protocol/errors'
import type { Address, Hex } from '../../protocol/messages'
import { keys } from '../keys'
import type { StateView } from '../view'
import type { AccountRecord, Proposal, ProposalStatus } from './types'

/** The account at `address`, or undefined when there is none. */
export function findAccount(view: StateView, address: Address): AccountRecord | undefined {
  return view.get<AccountRecord>(keys.account(lower(address)))
}

/** The account at `address`; throws `NotFound` when there is none. */
export function getAccount(view: StateView, address: Address): AccountRecord {
  const account = findAccount(view, address)
  if (!account) throw new NotFound('account', address)
  return account
}

export function putAccount(view: StateView, account: AccountRecord): void {
  view.set(keys.account(lower(account.address)), account)
}

/** The proposal with id `id`, or undefined when there is none. */
export function findProposal(view: StateView, id: Hex): Proposal | undefined {
  return view.get<Proposal>(keys.proposal(lower(id)))
}

/** The proposal with id `id`; throws `NotFound` when there is none. */
export function getProposal(view: StateView, id: Hex): Proposal {
  const proposal = findProposal(view, id)
  if (!proposal) throw new NotFound('proposal', id)
  return proposal
}

/** Every proposal id of `account`, oldest first. */
export function accountProposalIds(view: StateView, account: Address): Hex[] {
  return view.get<Hex[]>(keys.accountProposals(lower(account))) ?? []
}

/** Ids of pending and approved proposals across accounts, in the order they were opened. */
export function openProposalIds(view: StateView): Hex[] {
  return view.get<Hex[]>(keys.openProposals()) ?? []
}

/** Whether a proposal in `status` may still change (be approved, executed, cancelled). */
export function isOpen(status: ProposalStatus): boolean {
  return status === 'pending' || status === 'approved'
}

/** Stores a new proposal and lists it under its account. */
export function addProposal(view: StateView, proposal: Proposal): void {
  const listKey = keys.accountProposals(proposal.account)
  view.set(listKey, [...accountProposalIds(view, proposal.account), proposal.id])
  putProposal(view, proposal)
}

/** Stores a proposal and keeps the open index in step with its status. */
export function putProposal(view: StateView, proposal: Proposal): void {
  view.set(keys.proposal(proposal.id), proposal)
  const open = openProposalIds(view)
  const listed = open.includes(proposal.id)
  if (isOpen(proposal.status) && !listed) {
    view.set(keys.openProposals(), [...open, proposal.id])
  } else if (!isOpen(proposal.status) && listed) {
    const rest = open.filter((id) => id !== proposal.id)
    if (rest.length === 0) view.delete(keys.openProposals())
    else view.set(keys.openProposals(), rest)
  }
}

/** Closes a proposal with a final status and the reason people will read. */
export function closeProposal(
  view: StateView,
  proposal: Proposal,
  status: Exclude<ProposalStatus, 'pending' | 'approved'>,
  reason: string,
  height: bigint,
): Proposal {
  const closed: Proposal = { ...proposal, status, reason, closedAt: height }
  putProposal(view, closed)
  return closed
}

function lower<T extends string>(value: T): T {
  return value.toLowerCase() as T
}
