/**
 * `custos verify-export` and `custos export` as an auditor and an operator run them, in
 * process: a bundle exported from a real chain's records verifies (exit 0), a tampered one
 * fails naming the record and the reason (exit 1), and bad input is refused (exit 2).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../../src/node/cli/main'
import type { ExportBundle, ExportResult } from '../../../src/node/light/export'
import { testGenesisDocument } from '../../fixtures/network'
import { VOTING_PERIOD } from '../../fixtures/governance'
import { exportScenario, readBundle } from '../light/export/exportFiles'
import { buildScenario, type Scenario } from '../light/export/scenario'

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function custos(...args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
  try {
    return { code: await main(args), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

let s: Scenario
let exported: ExportResult
let root: string
const file = (name: string) => join(s.net.dir, name)

beforeAll(async () => {
  s = buildScenario()
  exported = await exportScenario(s, { pdf: false })
  root = `${s.net.root.height}:${s.net.root.hash}`
})
afterAll(() => s.net.close())

describe('custos verify-export', () => {
  it('verifies an untouched bundle: exit 0 and a summary', async () => {
    const run = await custos('verify-export', exported.bundlePath, '--trusted-root', root)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`sha-256       ${exported.bundleHash}`)
    expect(run.stdout).toContain(`trusted root  ${root}`)
    expect(run.stdout).toMatch(/checked {7}\d+ items \(\d+ block, \d+ audit, 21 transaction/)
    expect(run.stdout).toContain('result        OK: every record verifies from the trusted root')
  })

  it('prints one JSON report with --json', async () => {
    const run = await custos('verify-export', exported.bundlePath, '--trusted-root', root, '--json')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { ok: boolean; failures: unknown[]; sha256: string }
    expect(report).toMatchObject({ ok: true, failures: [], sha256: exported.bundleHash })
  })

  it('fails a tampered bundle with exit 1, naming each failing record and why', async () => {
    const bundle = readBundle(exported) as ExportBundle
    const index = bundle.records.findIndex((r) => r.type === 'holding')
    const holding = bundle.records[index]
    if (!holding) throw new Error('no holding')
    holding.fields['amount'] = '1000000000'
    bundle.auditLog.splice(1, 1)
    const tampered = file('tampered.json')
    writeFileSync(tampered, JSON.stringify(bundle))
    const run = await custos('verify-export', tampered, '--trusted-root', root)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('result        FAILED: 2 failures')
    expect(run.stdout).toMatch(
      new RegExp(
        `holding ${holding.id} \\(records\\[${index}\\]\\): RECORD_EDITED: field amount is "1000000000"; the proven state value says "\\d+"`,
      ),
    )
    expect(run.stdout).toContain(
      '  audit 3 (auditLog[1]): MISSING_FROM_CHAIN: audit entry 2 is missing: entry 3 links to an entry the bundle does not hold',
    )
  })

  it('fails every record from a wrong trusted root', async () => {
    const wrong = `0:0x${'ab'.repeat(32)}`
    const run = await custos('verify-export', exported.bundlePath, '--trusted-root', wrong)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('TRUSTED_ROOT_MISMATCH')
    expect(run.stdout).toContain(`not to the trusted root 0x${'ab'.repeat(32)}`)
  })

  it.each([
    [
      ['verify-export', '/no/such/bundle.json', '--trusted-root', `0:0x${'00'.repeat(32)}`],
      /cannot read \/no\/such\/bundle\.json/,
    ],
    [
      ['verify-export', 'BUNDLE', '--trusted-root', '0x1234'],
      /trusted root "0x1234" is not HEIGHT:HASH/,
    ],
    [['verify-export', 'BUNDLE', '--trusted-root', '5:0xabcd'], /has a hash that is not 32 bytes/],
    [['verify-export', 'BUNDLE'], /--trusted-root HEIGHT:HASH is required/],
    [['verify-export', '--trusted-root', `0:0x${'00'.repeat(32)}`], /the bundle file is required/],
    [['verify-export', 'BUNDLE', '--root', '1'], /--root/],
  ])('refuses bad input with exit 2: %j', async (args, message) => {
    const run = await custos(...args.map((a) => (a === 'BUNDLE' ? exported.bundlePath : a)))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it('refuses a file that is not a bundle with exit 2', async () => {
    writeFileSync(file('not-json.json'), '{"format":')
    writeFileSync(file('other.json'), JSON.stringify({ format: 'something-else' }))
    const notJson = await custos('verify-export', file('not-json.json'), '--trusted-root', root)
    expect(notJson.code).toBe(2)
    expect(notJson.stderr).toContain('not a custos-export-v1 bundle: the file is not JSON')
    const other = await custos('verify-export', file('other.json'), '--trusted-root', root)
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/not a custos-export-v1 bundle: format: /)
  })

  it('--help describes the command', async () => {
    const run = await custos('verify-export', '--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('custos verify-export BUNDLE --trusted-root HEIGHT:HASH')
    expect((await custos('--help')).stdout).toContain('custos verify-export BUNDLE')
  })
})

describe('custos export', () => {
  it('exports a records file from the genesis document; the bundle verifies', async () => {
    const genesis = file('genesis.json')
    writeFileSync(
      genesis,
      JSON.stringify({
        ...testGenesisDocument(),
        params: { governance: { votingPeriodBlocks: VOTING_PERIOD.toString() } },
      }),
    )
    const keyFile = file('records.key')
    writeFileSync(keyFile, s.net.key.toString('hex'))
    const out = file('cli-export')
    const run = await custos(
      'export',
      '--records',
      join(s.net.dir, 'records.db'),
      '--key-file',
      keyFile,
      '--out',
      out,
      '--trusted-root',
      root,
      '--genesis',
      genesis,
      '--type',
      'transaction',
      '--type',
      'holding',
      '--no-pdf',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `verify with  custos verify-export ${join(out, 'bundle.json')} --trusted-root ${root}`,
    )
    const verified = await custos('verify-export', join(out, 'bundle.json'), '--trusted-root', root)
    expect(verified.code).toBe(0)
    expect(readFileSync(join(out, 'holdings.csv'), 'utf8')).toMatch(
      /^height,time,symbol,holder,amount\r\n/,
    )
  })

  it('refuses a wrong key and a bad type with exit 2', async () => {
    const keyFile = file('bad.key')
    writeFileSync(keyFile, 'zz')
    const badKey = await custos(
      'export',
      '--records',
      join(s.net.dir, 'records.db'),
      '--key-file',
      keyFile,
      '--out',
      file('x'),
      '--trusted-root',
      root,
      '--chain-id',
      '7001',
      '--verifying-contract',
      `0x${'00'.repeat(20)}`,
    )
    expect(badKey.code).toBe(2)
    expect(badKey.stderr).toContain('must hold 32 bytes as 64 hex digits')
    writeFileSync(keyFile, s.net.key.toString('hex'))
    const badType = await custos(
      'export',
      '--records',
      join(s.net.dir, 'records.db'),
      '--key-file',
      keyFile,
      '--out',
      file('x'),
      '--trusted-root',
      root,
      '--chain-id',
      '7001',
      '--verifying-contract',
      `0x${'00'.repeat(20)}`,
      '--type',
      'blocks',
    )
    expect(badType.code).toBe(2)
    expect(badType.stderr).toContain('--type "blocks" is not one of')
  })
})
