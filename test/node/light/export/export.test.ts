/**
 * Exporting a treasury's records from a real chain and a real records store: the bundle
 * verifies from genesis, every CSV file parses strictly and holds exactly the bundle's fields,
 * the PDF renders to pages with content, progress is reported, and filters narrow the export
 * (while the bundle still verifies and says what it was made for).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  csvFileNames,
  NoHeaderPath,
  recordColumns,
  type ExportBundle,
  type ExportProgress,
  type ExportResult,
} from '../../../../src/node/light/export'
import { headerHash } from '../../../../src/node/protocol'
import { renderReport } from '../../../../src/node/light/export/pdf/renderReport'
import { ReportSummary } from '../../../../src/node/light/export/pdf/summary'
import { exportScenario, readBundle, readCsv, verify } from './exportFiles'
import { buildScenario, type Scenario } from './scenario'

let s: Scenario
let result: ExportResult
let bundle: ExportBundle
const progress: ExportProgress[] = []

beforeAll(async () => {
  s = buildScenario()
  result = await exportScenario(s, { onProgress: (p) => progress.push(p) })
  bundle = readBundle(result)
})
afterAll(() => s.net.close())

describe('the bundle', () => {
  it('verifies from the genesis root, every record and audit entry checked', async () => {
    const report = await verify(bundle, s.net.root)
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checked).toBe(
      bundle.lightBlocks.length + bundle.records.length + bundle.auditLog.length,
    )
    expect(report.counts).toMatchObject({
      transaction: 21,
      proposal: 7,
      govProposal: 3,
      policyVersion: 2,
      holding: 7,
      audit: 4,
    })
  })

  it('is made from the trusted root, and its hash is the SHA-256 of the file', () => {
    expect(bundle.format).toBe('custos-export-v1')
    expect(bundle.trustedRoot).toEqual({ height: '0', hash: s.net.root.hash })
    expect(bundle.lightBlocks[0]?.step).toBe('trusted-root')
    const sha = createHash('sha256').update(readFileSync(result.bundlePath)).digest('hex')
    expect(result.bundleHash).toBe(`0x${sha}`)
  })

  it('carries light blocks that step adjacently or skip, across the validator set change', () => {
    const heights = bundle.lightBlocks.map((b) => Number(b.header.height))
    expect(heights).toEqual([...heights].sort((a, b) => a - b))
    const steps = new Set(bundle.lightBlocks.slice(1).map((b) => b.step))
    expect(steps.has('adjacent')).toBe(true)
    const sizes = new Set(bundle.lightBlocks.map((b) => b.validators.length))
    expect(sizes).toEqual(new Set([4, 5]))
    // every record's height has its light block
    const proven = new Set(bundle.lightBlocks.map((b) => b.header.height))
    for (const record of bundle.records) expect(proven.has(record.height)).toBe(true)
  })

  it('keeps amounts as exact decimal strings and a proven absence as 0', () => {
    const holdings = bundle.records.filter((r) => r.type === 'holding')
    expect(holdings.map((h) => h.fields['amount'])).toContain('249500')
    const erin = holdings.find(
      (h) => h.fields['symbol'] === 'ACME' && (h.proof as { value: unknown }).value === null,
    )
    expect(erin?.fields['amount']).toBe('0')
  })

  it('runs the audit log from entry 1 with its hash chain', () => {
    expect(bundle.auditLog.map((e) => e.seq)).toEqual([1, 2, 3, 4])
    expect(bundle.auditLog[0]?.prevHash).toBe(`0x${'00'.repeat(32)}`)
    bundle.auditLog.slice(1).forEach((e, i) => expect(e.prevHash).toBe(bundle.auditLog[i]?.hash))
  })

  it('reports progress as records done of the total, ending complete', () => {
    const records = progress.filter((p) => p.phase === 'records')
    expect(records.at(-1)).toEqual({ phase: 'records', done: 40, total: 40 })
    expect(progress.at(-1)).toEqual({ phase: 'report', done: 1, total: 1 })
  })
})

describe('the CSV files', () => {
  it('exist for every record type, with a header row', () => {
    for (const [type, file] of Object.entries(csvFileNames)) {
      const { header } = readCsv(join(result.directory, file))
      expect(header).toEqual([...recordColumns[type as keyof typeof recordColumns]])
    }
  })

  it('parse strictly and round-trip every field of every record of the bundle', () => {
    const types = ['transaction', 'proposal', 'govProposal', 'policyVersion', 'holding'] as const
    for (const type of types) {
      const { header, rows } = readCsv(join(result.directory, csvFileNames[type]))
      const records = bundle.records.filter((r) => r.type === type)
      expect(rows).toHaveLength(records.length)
      rows.forEach((row, i) => {
        expect(Object.fromEntries(header.map((c, j) => [c, row[j]]))).toEqual(records[i]?.fields)
      })
    }
  })

  it('quote commas, quotes and JSON, and keep raw-unit amounts exact', () => {
    const text = readFileSync(join(result.directory, 'proposals.csv'), 'utf8')
    expect(text).toContain('"Large payments, ""four eyes"" + Risk"')
    expect(text.endsWith('\r\n')).toBe(true)
    const { rows, header } = readCsv(join(result.directory, 'proposals.csv'))
    const rejections = rows.map((r) => r[header.indexOf('rejections')]).filter(Boolean)
    expect(JSON.parse(rejections[0] as string)).toEqual([
      {
        member: expect.stringMatching(/^0x/),
        reason: 'counterparty limit, see "Risk memo 12", section 4',
      },
    ])
  })

  it('list the light blocks and the audit log as the bundle has them', () => {
    const blocks = readCsv(join(result.directory, 'blocks.csv'))
    expect(blocks.rows.map((r) => r[blocks.header.indexOf('hash')])).toEqual(
      bundle.lightBlocks.map((b) =>
        headerHash({
          ...b.header,
          chainId: BigInt(b.header.chainId),
          height: BigInt(b.header.height),
          timeMs: BigInt(b.header.timeMs),
        }),
      ),
    )
    const audit = readCsv(join(result.directory, 'audit-log.csv'))
    expect(audit.rows.map((r) => r[audit.header.indexOf('hash')])).toEqual(
      bundle.auditLog.map((e) => e.hash),
    )
  })
})

describe('the PDF report', () => {
  it('renders every page to a non-trivial image', () => {
    expect(result.pdfPath && existsSync(result.pdfPath)).toBeTruthy()
    const pdf = result.pdfPath as string
    const out = join(result.directory, 'page')
    const run = spawnSync('pdftoppm', ['-png', '-r', '40', pdf, out], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const pages = readdirSync(result.directory).filter((f) => /^page-\d+\.png$/.test(f))
    expect(pages.length).toBeGreaterThanOrEqual(5)
    for (const page of pages)
      expect(statSync(join(result.directory, page)).size).toBeGreaterThan(2_000)
  })

  it('states the filter, the trusted root and the bundle hash, and has every section', () => {
    const run = spawnSync('pdftotext', ['-layout', result.pdfPath as string, '-'], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(0)
    const text = run.stdout
    for (const expected of [
      `Trusted root: 0:${s.net.root.hash}`,
      `Bundle SHA-256: ${result.bundleHash}`,
      'Record types: all',
      'Holdings',
      'Trades and token movements',
      'Custody approvals per policy rule',
      'Governance votes',
      'Add validator-5',
    ])
      expect(text).toContain(expected)
  })

  it('continues long tables over pages, repeating the header, and says how many rows it left out', async () => {
    const summary = new ReportSummary(120)
    const trade = bundle.records.find((r) => r.fields['kind'] === 'Transfer')
    if (!trade) throw new Error('no transfer in the scenario')
    for (let i = 0; i < 150; i++)
      summary.add({ ...trade, fields: { ...trade.fields, amount: String(1_000_000 + i) } })
    const pdf = join(result.directory, 'long.pdf')
    await renderReport(
      pdf,
      { ...bundle, bundleFile: 'bundle.json', bundleHash: result.bundleHash, lightBlocks: 1 },
      summary,
    )
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
    expect(text).toContain('Trades and token movements (continued)')
    expect(text).toContain('1000119')
    expect(text).not.toContain('1000120')
    expect(text).toContain('30 more rows in transactions.csv.')
    const pages = Number(
      /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1],
    )
    expect(pages).toBeGreaterThanOrEqual(7)
  })
})

describe('filters', () => {
  it('narrow by time and type; the bundle verifies and records outside it fail it', async () => {
    const from = new Date(Number(s.net.genesis.header.timeMs) + 4_000)
    const to = new Date(Number(s.net.genesis.header.timeMs) + 8_000)
    const narrowed = await exportScenario(s, {
      filter: { from, to, types: ['transaction', 'proposal', 'audit'] },
    })
    const b = readBundle(narrowed)
    expect(b.filter).toEqual({
      from: from.toISOString(),
      to: to.toISOString(),
      accounts: null,
      types: ['transaction', 'proposal', 'audit'],
    })
    expect(new Set(b.records.map((r) => r.type))).toEqual(new Set(['transaction', 'proposal']))
    for (const r of b.records) expect(Number(r.height)).toBeGreaterThanOrEqual(4)
    for (const r of b.records) expect(Number(r.height)).toBeLessThan(8)
    expect((await verify(b, s.net.root)).ok).toBe(true)
    expect(existsSync(join(narrowed.directory, 'holdings.csv'))).toBe(false)
    // a bundle whose filter is narrowed after the fact: the records outside it fail
    const edited = structuredClone(b)
    edited.filter.to = new Date(Number(s.net.genesis.header.timeMs) + 6_000).toISOString()
    const report = await verify(edited, s.net.root)
    expect(report.ok).toBe(false)
    expect(new Set(report.failures.map((f) => f.code))).toEqual(new Set(['OUTSIDE_FILTER']))
  })

  it('narrow to the treasury account', async () => {
    const narrowed = await exportScenario(s, {
      filter: { accounts: [s.treasury], types: ['transaction', 'holding'] },
    })
    const b = readBundle(narrowed)
    expect(b.records.length).toBeGreaterThan(0)
    for (const r of b.records) expect(JSON.stringify(r.fields)).toContain(s.treasury.slice(2))
    expect((await verify(b, s.net.root)).ok).toBe(true)
  })

  it('export from a later trusted root held by the records, proving nothing before it', async () => {
    const rootRecord = s.net.records.block(5n)
    const root = { height: 5n, hash: headerHash(rootRecord?.header ?? s.net.genesis.header) }
    const from = new Date(Number(rootRecord?.timeMs))
    const later = await exportScenario(s, {
      trustedRoot: root,
      rootBlock: undefined,
      filter: { from },
    })
    const b = readBundle(later)
    expect(b.lightBlocks[0]?.header.height).toBe('5')
    expect(b.lightBlocks[0]?.commit).not.toBeNull()
    expect((await verify(b, root)).ok).toBe(true)
    const all = exportScenario(s, { trustedRoot: root, rootBlock: undefined })
    await expect(all).rejects.toThrow(NoHeaderPath)
    await expect(all).rejects.toThrow(
      /block 1 from the trusted root: it is below the trusted root at height 5/,
    )
  })
})
