/**
 * Text for people from RPC answers: an explanation as labelled lines (the summary first, then
 * what supports it), an account action and a governance action in a few words, and a tally
 * in one line. The CLI prints them; the app's main process can log or show them.
 */
import type { ExplainAnswer, GovProposalJson, ProposalJson } from '../rpc/answers'

/** "status / summary / rule / requires / approved by / can approve / …" lines. */
export function explanationLines(answer: ExplainAnswer): string[] {
  const e = answer.explanation
  const lines: string[] = []
  const line = (label: string, value: string): void => {
    lines.push(`${label.padEnd(15)} ${value}`)
  }
  if (answer.proposal) line('status', answer.proposal.status)
  line('summary', answer.summary)
  line('rule', e.matched)
  line('requires', e.requires)
  if (e.decision === 'require') {
    line('approved by', addressList(e.approvedBy))
    if (e.rejectedBy.length > 0) line('rejected by', addressList(e.rejectedBy))
    line('can approve', addressList(e.canStillApprove))
  }
  if (e.blockedBecause) line('blocked because', e.blockedBecause)
  if (answer.timelockRemainingBlocks !== undefined)
    line('timelock', `${answer.timelockRemainingBlocks} more blocks`)
  if (answer.expiresInSeconds !== undefined) line('expires in', `${answer.expiresInSeconds} s`)
  return lines
}

/** "transfer 25000 EURD → 0x…", "pause ACME", "dvp-affirmation 500 EURD → 0x…". */
export function accountActionWords(action: ProposalJson['action']): string {
  const amount = action.amount === '0' ? '' : `${action.amount} `
  const what = `${action.kind} ${amount}${action.symbol}`.trim()
  return /^0x0+$/.test(action.counterparty) ? what : `${what} → ${action.counterparty}`
}

/** "grant-role auditor 0x…", "change-param governance.quorum = 1/2", … */
export function govActionWords(action: GovProposalJson['action']): string {
  switch (action.kind) {
    case 'add-validator':
    case 'set-validator-power':
      return `${action.kind} ${action.target} power ${action.power}`
    case 'remove-validator':
      return `${action.kind} ${action.target}`
    case 'grant-role':
    case 'revoke-role':
      return `${action.kind} ${action.role} ${action.target}`
    case 'change-param':
      return `${action.kind} ${action.param} = ${action.value}`
    case 'software-upgrade':
      return `${action.kind} ${action.value} at height ${action.haltHeight}`
    default:
      return action.kind
  }
}

/** "so far: yes 10, no 0, abstain 0, veto 0 of 40 — No quorum: …" */
export function tallyWords(proposal: GovProposalJson): string {
  const t = proposal.currentTally
  const counts = `yes ${t.yes}, no ${t.no}, abstain ${t.abstain}, veto ${t.veto} of ${t.totalPower}`
  return `${proposal.tallyIsFinal ? 'final' : 'so far'}: ${counts} — ${t.reason}`
}

function addressList(addresses: readonly string[]): string {
  return addresses.length === 0 ? '—' : addresses.join(', ')
}
