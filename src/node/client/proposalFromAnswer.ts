/**
 * A proposal as the node reports it (`custos_getProposal`, JSON) turned back into protocol
 * values, so that an approval repeats exactly the proposal's action and policy version.
 */
import type { Action } from '../protocol/messages'
import type { ProposalJson } from '../rpc/answers'
import type { Jsonified } from '../rpc/json'
import { parseAddress, parseBytes32, parseUint } from './inputs'
import type { ProposalToApprove } from './proposalTxs'

export function actionFromJson(json: Jsonified<Action>, field = 'action'): Action {
  return {
    kind: json.kind,
    symbol: json.symbol,
    counterparty: parseAddress(json.counterparty, `${field}.counterparty`),
    amount: parseUint(json.amount, `${field}.amount`),
    reference: parseBytes32(json.reference, `${field}.reference`),
  }
}

export function proposalToApprove(proposal: ProposalJson): ProposalToApprove {
  return {
    account: parseAddress(proposal.account, 'proposal.account'),
    id: parseBytes32(proposal.id, 'proposal.id'),
    action: actionFromJson(proposal.action, 'proposal.action'),
    policyVersion: parseUint(proposal.policyVersion, 'proposal.policyVersion'),
  }
}
