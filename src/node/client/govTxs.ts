/**
 * Governance transactions: one builder per kind of proposal (protocol `structTypes.GovAction`;
 * docs/protocol.md), so each sets exactly the fields its kind uses, and a vote.
 */
import { InvalidValue } from '../protocol/errors'
import type { Address, GovAction, Hex } from '../protocol/messages'
import { voteOptions, type GovActionKind, type VoteOption } from '../protocol/txTypes'
import { roles, type Role } from '../state/identity/types'
import { paramNames } from '../state/params/params'
import { ZERO_ADDRESS } from './accountActions'
import { parseAddress, parseBytes32, parseOption, parseUint } from './inputs'
import { buildTx, type TxContext, type UnsignedTxRequest } from './unsignedTx'

const UINT64_MAX = (1n << 64n) - 1n

/** What every proposal has: a title and an optional longer description for voters. */
export interface ProposalText {
  title: string
  description?: string
}

function govAction(kind: GovActionKind, fields: Partial<Omit<GovAction, 'kind'>>): GovAction {
  return {
    kind,
    target: fields.target ?? ZERO_ADDRESS,
    power: fields.power ?? 0n,
    role: fields.role ?? '',
    param: fields.param ?? '',
    value: fields.value ?? '',
    haltHeight: fields.haltHeight ?? 0n,
  }
}

/** A `SubmitGovProposal` of any action (prefer the builders below). */
export function submitGovProposalTx(
  ctx: TxContext,
  text: ProposalText,
  action: GovAction,
): UnsignedTxRequest<'SubmitGovProposal'> {
  if (text.title.trim() === '') throw new InvalidValue('title', 'must not be empty')
  return buildTx(ctx, 'SubmitGovProposal', {
    title: text.title,
    description: text.description ?? '',
    action,
  })
}

/** Add `validator` to the set with `power` (effective two blocks after the tally). */
export function addValidatorProposalTx(
  ctx: TxContext,
  p: ProposalText & { validator: Address; power: bigint },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('add-validator', {
      target: parseAddress(p.validator, 'validator'),
      power: positivePower(p.power),
    }),
  )
}

export function removeValidatorProposalTx(
  ctx: TxContext,
  p: ProposalText & { validator: Address },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('remove-validator', { target: parseAddress(p.validator, 'validator') }),
  )
}

export function setValidatorPowerProposalTx(
  ctx: TxContext,
  p: ProposalText & { validator: Address; power: bigint },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('set-validator-power', {
      target: parseAddress(p.validator, 'validator'),
      power: positivePower(p.power),
    }),
  )
}

/** Grant `role` (issuer, claim-issuer, auditor, regulator) to `to`. */
export function grantRoleProposalTx(
  ctx: TxContext,
  p: ProposalText & { role: Role; to: Address },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('grant-role', {
      role: parseOption(p.role, roles, 'role'),
      target: parseAddress(p.to, 'to'),
    }),
  )
}

export function revokeRoleProposalTx(
  ctx: TxContext,
  p: ProposalText & { role: Role; from: Address },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('revoke-role', {
      role: parseOption(p.role, roles, 'role'),
      target: parseAddress(p.from, 'from'),
    }),
  )
}

/**
 * Change a network parameter; `value` is text in the parameter's format ("86400", "1/2",
 * "issuer,regulator"; state `params/paramChange.ts`). The chain checks the value when the
 * proposal passes; the name is checked here.
 */
export function changeParamProposalTx(
  ctx: TxContext,
  p: ProposalText & { param: string; value: string },
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(
    ctx,
    p,
    govAction('change-param', { param: parseOption(p.param, paramNames, 'param'), value: p.value }),
  )
}

/** A proposal that changes nothing on-chain: a signalling vote on its title and description. */
export function textProposalTx(
  ctx: TxContext,
  p: ProposalText,
): UnsignedTxRequest<'SubmitGovProposal'> {
  return submitGovProposalTx(ctx, p, govAction('text', {}))
}

/** Plan a software upgrade named `name`: the chain halts before `haltHeight`. */
export function softwareUpgradeProposalTx(
  ctx: TxContext,
  p: ProposalText & { name: string; haltHeight: bigint },
): UnsignedTxRequest<'SubmitGovProposal'> {
  if (p.name.trim() === '') throw new InvalidValue('name', 'must name the upgrade')
  const haltHeight = parseUint(p.haltHeight, 'haltHeight', UINT64_MAX)
  if (haltHeight === 0n) throw new InvalidValue('haltHeight', 'must be a block height above 0')
  return submitGovProposalTx(ctx, p, govAction('software-upgrade', { value: p.name, haltHeight }))
}

/** A validator's vote on a governance proposal; a later vote replaces an earlier one. */
export function castVoteTx(
  ctx: TxContext,
  p: { proposalId: Hex; option: VoteOption },
): UnsignedTxRequest<'CastVote'> {
  return buildTx(ctx, 'CastVote', {
    proposalId: parseBytes32(p.proposalId, 'proposalId'),
    option: parseOption(p.option, voteOptions, 'option'),
  })
}

function positivePower(power: bigint): bigint {
  const value = parseUint(power, 'power', UINT64_MAX)
  if (value === 0n) throw new InvalidValue('power', 'must be above 0 (use remove-validator)')
  return value
}
