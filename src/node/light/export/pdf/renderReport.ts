/**
 * The PDF summary of an export (pdfkit): a title page with the chain, the filter, the trusted
 * root and the bundle's SHA-256 (the figures an auditor quotes), then holdings, trades,
 * custody approvals per policy rule and governance votes as tables over as many pages as
 * they need. Every figure comes from the bundle's verified fields; the CSV files have all
 * rows, the report the first `maxRows` of each detail list.
 */
import { createWriteStream } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { FilterJson } from '../bundle/format'
import { ExportUnavailable } from '../errors'
import type { ReportSummary } from './summary'
import { drawTable, type TableColumn } from './table'

export interface ReportHead {
  chain: { chainId: string; verifyingContract: string }
  exportedAt: string
  filter: FilterJson
  trustedRoot: { height: string; hash: string }
  /** File name of the bundle and its SHA-256. */
  bundleFile: string
  bundleHash: string
  lightBlocks: number
  auditHead?: { seq: number; hash: string }
}

type Doc = PDFKit.PDFDocument

/** `0x12345678…9abc` for long hex; other text unchanged. */
const short = (text: string): string =>
  /^0x[0-9a-f]{20,}$/.test(text) ? `${text.slice(0, 10)}…${text.slice(-4)}` : text

const col = (header: string, weight: number, align?: 'right'): TableColumn =>
  align ? { header, weight, align } : { header, weight }

function more(shown: number, total: number, file: string): string | undefined {
  return total > shown ? `${total - shown} more rows in ${file}.` : undefined
}

function titlePage(doc: Doc, head: ReportHead, summary: ReportSummary): void {
  doc.font('Helvetica-Bold').fontSize(22).fillColor('#0b2545').text('Custos audit export')
  doc.moveDown(0.3)
  doc.font('Helvetica').fontSize(10).fillColor('#333333')
  doc.text('Records of a Custos Tier-2 network with proofs that anyone can re-verify offline.')
  doc.moveDown(1)
  const f = head.filter
  const lines: Array<[string, string]> = [
    ['Chain', `${head.chain.chainId} (anchor ${head.chain.verifyingContract})`],
    ['Exported at', head.exportedAt],
    ['From', f.from ?? 'the first record'],
    ['To (exclusive)', f.to ?? 'the last record'],
    ['Accounts', f.accounts ? f.accounts.join(', ') : 'all'],
    ['Record types', f.types ? f.types.join(', ') : 'all'],
    ['Trusted root', `${head.trustedRoot.height}:${head.trustedRoot.hash}`],
    ['Bundle', head.bundleFile],
    ['Bundle SHA-256', head.bundleHash],
    ['Light blocks', String(head.lightBlocks)],
    [
      'Audit log head',
      head.auditHead ? `entry ${head.auditHead.seq}, ${head.auditHead.hash}` : 'not exported',
    ],
  ]
  for (const [label, value] of lines) {
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true })
    doc.font('Helvetica').text(value)
  }
  doc.moveDown(1)
  drawTable(doc, {
    title: 'Records',
    columns: [col('Type', 3), col('Count', 1, 'right')],
    rows: [...summary.counts.entries()].map(([type, n]) => [type, String(n)]),
  })
  doc.font('Helvetica').fontSize(9).fillColor('#333333')
  doc.text(
    'To verify: custos verify-export ' +
      `${head.bundleFile} --trusted-root ${head.trustedRoot.height}:${head.trustedRoot.hash}`,
  )
}

function holdings(doc: Doc, summary: ReportSummary): void {
  drawTable(doc, {
    title: 'Holdings (latest recorded balance per token and holder, in base units)',
    columns: [
      col('Token', 1),
      col('Holder', 4),
      col('Amount', 3, 'right'),
      col('Height', 1, 'right'),
      col('Time', 2.5),
    ],
    rows: summary
      .holdingRows()
      .map((h) =>
        [h['symbol'], h['holder'], h['amount'], h['height'], h['time']].map((v) => v ?? ''),
      ),
  })
}

function trades(doc: Doc, summary: ReportSummary): void {
  const { rows, total } = summary.trades
  const note = more(rows.length, total, 'transactions.csv')
  drawTable(doc, {
    title: 'Trades and token movements',
    columns: [
      col('Time', 2.4),
      col('Kind', 1.8),
      col('From', 2),
      col('Token', 1),
      col('Counterparty', 2),
      col('Amount', 2, 'right'),
      col('Tx', 1.6),
    ],
    rows: rows.map((t) =>
      [
        t['time'],
        t['kind'],
        short(t['from'] ?? ''),
        t['symbol'],
        short(t['counterparty'] ?? ''),
        t['amount'],
        short(t['id'] ?? ''),
      ].map((v) => v ?? ''),
    ),
    ...(note ? { note } : {}),
  })
}

function approvals(doc: Doc, summary: ReportSummary): void {
  drawTable(doc, {
    title: 'Custody approvals per policy rule',
    columns: [
      col('Account', 2),
      col('Rule', 2.5),
      col('Proposals', 1, 'right'),
      col('Executed', 1, 'right'),
      col('Open', 1, 'right'),
      col('Closed', 1, 'right'),
      col('Approvals', 1, 'right'),
    ],
    rows: summary
      .approvalsByRule()
      .map((g) => [
        short(g.account),
        g.rule,
        String(g.proposals),
        String(g.executed),
        String(g.open),
        String(g.closed),
        String(g.approvals),
      ]),
  })
  const proposals = summary.proposalRows()
  const shown = proposals.slice(0, summary.maxRows)
  const note = more(shown.length, proposals.length, 'proposals.csv')
  drawTable(doc, {
    title: 'Custody proposals',
    columns: [
      col('Proposal', 1.6),
      col('Rule', 1.8),
      col('Action', 1.4),
      col('Amount', 1.6, 'right'),
      col('Counterparty', 1.6),
      col('Approved by', 3),
      col('Status', 1),
    ],
    rows: shown.map((p) =>
      [
        short(p['id'] ?? ''),
        p['rule'],
        `${p['actionKind'] ?? ''} ${p['symbol'] ?? ''}`.trim(),
        p['amount'],
        short(p['counterparty'] ?? ''),
        (p['approvals'] ?? '').split(' ').filter(Boolean).map(short).join(', '),
        p['status'],
      ].map((v) => v ?? ''),
    ),
    ...(note ? { note } : {}),
  })
}

function governance(doc: Doc, summary: ReportSummary): void {
  drawTable(doc, {
    title: 'Governance proposals',
    columns: [
      col('Proposal', 1.5),
      col('Title', 3),
      col('Action', 1.6),
      col('Status', 1),
      col('Yes', 0.8, 'right'),
      col('No', 0.8, 'right'),
      col('Abstain', 0.8, 'right'),
      col('Veto', 0.8, 'right'),
      col('Voters', 0.8, 'right'),
    ],
    rows: summary
      .govProposalRows()
      .map((g) =>
        [
          short(g['id'] ?? ''),
          g['title'],
          g['actionKind'],
          g['status'],
          g['yes'],
          g['no'],
          g['abstain'],
          g['veto'],
          String(Object.keys(JSON.parse(g['votes'] || '{}') as object).length),
        ].map((v) => v ?? ''),
      ),
  })
  const { rows, total } = summary.votes
  const note = more(rows.length, total, 'transactions.csv')
  drawTable(doc, {
    title: 'Governance votes',
    columns: [
      col('Time', 2.4),
      col('Validator', 3),
      col('Proposal', 2),
      col('Vote', 1),
      col('Tx', 1.6),
    ],
    rows: rows.map((v) => {
      const message = JSON.parse(v['message'] ?? '{}') as { option?: string }
      return [
        v['time'] ?? '',
        v['from'] ?? '',
        short(v['reference'] ?? ''),
        message.option ?? '',
        short(v['id'] ?? ''),
      ]
    }),
    ...(note ? { note } : {}),
  })
}

function footers(doc: Doc, head: ReportHead): void {
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    const y = doc.page.height - doc.page.margins.bottom + 12
    doc.font('Helvetica').fontSize(7).fillColor('#777777')
    doc.text(
      `Custos audit export · bundle SHA-256 ${head.bundleHash} · page ${i + 1} of ${range.count}`,
      doc.page.margins.left,
      y,
      { lineBreak: false },
    )
  }
}

/** Writes the report to `path`; resolves when the file is complete. */
export async function renderReport(
  path: string,
  head: ReportHead,
  summary: ReportSummary,
): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    bufferPages: true,
    info: {
      Title: 'Custos audit export',
      Subject: `Bundle SHA-256 ${head.bundleHash}`,
      Creator: 'Custos',
      CreationDate: new Date(head.exportedAt),
    },
  })
  const out = createWriteStream(path)
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve)
    out.on('error', (cause) => reject(new ExportUnavailable(path, cause)))
  })
  doc.pipe(out)
  titlePage(doc, head, summary)
  for (const section of [holdings, trades, approvals, governance]) {
    doc.addPage()
    section(doc, summary)
  }
  footers(doc, head)
  doc.end()
  await done
}
