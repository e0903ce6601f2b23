/**
 * `custos verify-export`: an auditor checks a `custos-export-v1` bundle fully offline, from a
 * trusted root they got from outside the bundle. Exit 0 when everything verifies, 1 when
 * anything fails (each failing item is printed with what failed), 2 on bad input.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { nativeRecoverAddress } from '../../chain/nativeRecover'
import {
  describeItem,
  ExportError,
  parseBundleText,
  parseTrustedRoot,
  verifyParsedBundle,
  type ParsedBundle,
  type TrustedRoot,
  type VerifyReport,
} from '../../light/export'
import { CliError } from '../home'

export const verifyExportHelp = `custos verify-export BUNDLE --trusted-root HEIGHT:HASH [--json]

Verifies an auditor export (bundle.json, format custos-export-v1) offline: the header chain
from the trusted root (commits of more than 2/3 of each validator set, adjacent or skipping
steps), every record's Merkle or state proof against its header, every exported field against
the proven transaction or value, and the audit log's hash chain. Nothing is fetched.

Take the trusted root from a source you trust, not from the bundle: the network's genesis
hash, a Tier-1 checkpoint, or a block hash confirmed by the institution's validator operator.

Options:
  --trusted-root H:HASH  height and block hash to verify from, e.g. 0:0x3f…
  --json                 print the report as one JSON object
  --help                 this text

Exit status: 0 everything verifies, 1 something fails, 2 bad input.`

function readBundle(path: string): { bundle: ParsedBundle; sha256: string } {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as Error).message}`)
  }
  return {
    bundle: parseBundleText(bytes.toString('utf8')),
    sha256: `0x${createHash('sha256').update(bytes).digest('hex')}`,
  }
}

function printReport(
  out: (line: string) => void,
  path: string,
  sha256: string,
  bundle: ParsedBundle,
  root: TrustedRoot,
  report: VerifyReport,
): void {
  const f = bundle.filter
  out(`bundle        ${path}`)
  out(`sha-256       ${sha256}`)
  out(`chain         ${bundle.chain.chainId} (anchor ${bundle.chain.verifyingContract})`)
  out(`exported      ${bundle.exportedAt}`)
  const accounts = f.accounts?.join(', ') ?? 'all'
  const types = f.types?.join(', ') ?? 'all'
  out(
    `filter        from ${f.from ?? 'start'} to ${f.to ?? 'end'}; accounts ${accounts}; types ${types}`,
  )
  out(`trusted root  ${root.height}:${root.hash}`)
  const counts = Object.entries(report.counts)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ')
  out(`checked       ${report.checked} items (${counts})`)
  if (report.ok) {
    out('result        OK: every record verifies from the trusted root')
    return
  }
  const n = report.failures.length
  out(`result        FAILED: ${n} failure${n === 1 ? '' : 's'}`)
  for (const failure of report.failures)
    out(`  ${describeItem(failure.record)}: ${failure.code}: ${failure.reason}`)
}

/** Runs the command; returns the exit status (0 verified, 1 failures). */
export async function verifyExportCommand(
  argv: string[],
  out: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'trusted-root': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  })
  if (values.help) {
    out(verifyExportHelp)
    return 0
  }
  const [path, ...extra] = positionals
  if (!path)
    throw new CliError(
      'the bundle file is required: custos verify-export BUNDLE --trusted-root H:HASH',
    )
  if (extra.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`)
  const rootText = values['trusted-root']
  if (!rootText)
    throw new CliError('--trusted-root HEIGHT:HASH is required (from a source you trust)')
  let root: TrustedRoot
  let read: { bundle: ParsedBundle; sha256: string }
  try {
    root = parseTrustedRoot(rootText)
    read = readBundle(path)
  } catch (error) {
    if (error instanceof ExportError) throw new CliError(error.message)
    throw error
  }
  const report = await verifyParsedBundle(read.bundle, root, { recover: nativeRecoverAddress })
  if (values.json)
    out(
      JSON.stringify({
        bundle: path,
        sha256: read.sha256,
        trustedRoot: { height: root.height.toString(), hash: root.hash },
        ...report,
      }),
    )
  else printReport(out, path, read.sha256, read.bundle, root, report)
  return report.ok ? 0 : 1
}
