/**
 * The figures of the PDF report, gathered from the bundle's records as they are written (so
 * the report shows exactly the verified fields): the latest holding per token and holder,
 * trades, custody proposals with their approvals grouped by policy rule, and governance
 * proposals with their votes. Detail lists keep at most `maxRows` rows each (the CSV files
 * have every row) and count the rest.
 */
import type { BundleRecordJson } from '../bundle/format'
import type { RecordFields } from '../derive/fields'

/** Transaction kinds that move or settle tokens. */
export const TRADE_KINDS: ReadonlySet<string> = new Set([
  'Transfer',
  'ForcedTransfer',
  'Mint',
  'Redeem',
  'CreateInstruction',
  'AffirmInstruction',
  'RejectInstruction',
])

export interface CappedRows {
  rows: RecordFields[]
  total: number
}

export interface RuleApprovals {
  account: string
  rule: string
  proposals: number
  executed: number
  /** Rejected, expired, cancelled or failed. */
  closed: number
  open: number
  approvals: number
}

export class ReportSummary {
  readonly counts = new Map<string, number>()
  readonly holdings = new Map<string, RecordFields>()
  readonly trades: CappedRows = { rows: [], total: 0 }
  readonly votes: CappedRows = { rows: [], total: 0 }
  private readonly proposals = new Map<string, RecordFields>()
  private readonly govProposals = new Map<string, RecordFields>()

  constructor(readonly maxRows = 500) {}

  private capped(list: CappedRows, fields: RecordFields): void {
    list.total++
    if (list.rows.length < this.maxRows) list.rows.push(fields)
  }

  /** Keeps the snapshot at the greatest height per key. */
  private latest(map: Map<string, RecordFields>, key: string, fields: RecordFields): void {
    const current = map.get(key)
    if (!current || BigInt(current['height'] ?? '0') <= BigInt(fields['height'] ?? '0'))
      map.set(key, fields)
  }

  add(record: BundleRecordJson): void {
    this.count(record.type)
    const { fields } = record
    switch (record.type) {
      case 'transaction':
        if (TRADE_KINDS.has(fields['kind'] ?? '')) this.capped(this.trades, fields)
        if (fields['kind'] === 'CastVote') this.capped(this.votes, fields)
        return
      case 'holding':
        return this.latest(this.holdings, `${fields['symbol']}/${fields['holder']}`, fields)
      case 'proposal':
        return this.latest(this.proposals, record.id, fields)
      case 'govProposal':
        return this.latest(this.govProposals, record.id, fields)
      case 'policyVersion':
        return
    }
  }

  count(type: string, by = 1): void {
    this.counts.set(type, (this.counts.get(type) ?? 0) + by)
  }

  /** Latest holdings, by token then holder. */
  holdingRows(): RecordFields[] {
    return [...this.holdings.values()].sort(
      (a, b) =>
        (a['symbol'] ?? '').localeCompare(b['symbol'] ?? '') ||
        (a['holder'] ?? '').localeCompare(b['holder'] ?? ''),
    )
  }

  /** Latest state of each custody proposal, oldest first. */
  proposalRows(): RecordFields[] {
    return [...this.proposals.values()].sort((a, b) =>
      Number(BigInt(a['createdAt'] ?? '0') - BigInt(b['createdAt'] ?? '0')),
    )
  }

  /** Proposals and approvals per account and policy rule. */
  approvalsByRule(): RuleApprovals[] {
    const groups = new Map<string, RuleApprovals>()
    for (const p of this.proposals.values()) {
      const account = p['account'] ?? ''
      const rule = p['rule'] ?? ''
      const key = `${account}\u0000${rule}`
      const group = groups.get(key) ?? {
        account,
        rule,
        proposals: 0,
        executed: 0,
        closed: 0,
        open: 0,
        approvals: 0,
      }
      group.proposals++
      const status = p['status'] ?? ''
      if (status === 'executed') group.executed++
      else if (status === 'pending' || status === 'approved') group.open++
      else group.closed++
      group.approvals += (p['approvals'] ?? '').split(' ').filter(Boolean).length
      groups.set(key, group)
    }
    return [...groups.values()]
  }

  /** Latest state of each governance proposal, oldest first. */
  govProposalRows(): RecordFields[] {
    return [...this.govProposals.values()].sort((a, b) =>
      Number(BigInt(a['submittedAt'] ?? '0') - BigInt(b['submittedAt'] ?? '0')),
    )
  }
}
