/**
 * `custos export`: writes an auditor export (bundle with proofs, CSV files, PDF report) from
 * an encrypted records file, for operators who hold the records key outside the app.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { computeGenesisBlock } from '../../chain/genesisHeader'
import { exportRecords, ExportError, parseTrustedRoot, type TrustedRoot } from '../../light/export'
import { RECORD_TYPES, RecordStore, type RecordType } from '../../light/records'
import type { Address } from '../../protocol/messages'
import { parseGenesis } from '../../state'
import { CliError, readJson } from '../home'

export const exportHelp = `custos export --records FILE --key-file FILE --out DIR --trusted-root H:HASH
              (--genesis FILE | --chain-id N --verifying-contract ADDR) [options]

Exports the records of a records file for an auditor into DIR: bundle.json (every record with
its proof and the light blocks that prove it from the trusted root), one CSV file per record
type and report.pdf. The auditor checks it with 'custos verify-export'.

Options:
  --records FILE              the encrypted records file (opened read-only)
  --key-file FILE             the records key: 32 bytes as 64 hex digits
  --out DIR                   the folder to write (created if absent)
  --trusted-root H:HASH       the block to prove from (genesis: 0:HASH with --genesis)
  --genesis FILE              the network's genesis document (chain, and the genesis block)
  --chain-id N                without --genesis: the chain id
  --verifying-contract ADDR   without --genesis: the Tier-1 anchor contract
  --from TIME, --to TIME      ISO 8601 times (--to exclusive)
  --account ADDR              only records of this account (repeatable)
  --type TYPE                 only this record type (repeatable): ${RECORD_TYPES.join(', ')}
  --no-csv, --no-pdf          leave those files out
  --json                      print the result as one JSON object
  --help                      this text`

function readRecordsKey(path: string): Uint8Array {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (cause) {
    throw new CliError(`cannot read the key file ${path}: ${(cause as Error).message}`)
  }
  const hex = text.startsWith('0x') ? text.slice(2) : text
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new CliError(`the key file ${path} must hold 32 bytes as 64 hex digits`)
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

function time(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined
  const date = new Date(value)
  if (Number.isNaN(date.getTime()))
    throw new CliError(`${option} ${JSON.stringify(value)} is not an ISO 8601 time`)
  return date
}

function addresses(values: string[] | undefined): Address[] | undefined {
  if (!values) return undefined
  for (const v of values)
    if (!/^0x[0-9a-fA-F]{40}$/.test(v))
      throw new CliError(`--account ${JSON.stringify(v)} is not an address`)
  return values.map((v) => v.toLowerCase() as Address)
}

function types(values: string[] | undefined): RecordType[] | undefined {
  if (!values) return undefined
  for (const v of values)
    if (!(RECORD_TYPES as readonly string[]).includes(v))
      throw new CliError(`--type ${JSON.stringify(v)} is not one of ${RECORD_TYPES.join(', ')}`)
  return values as RecordType[]
}

export async function exportCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string' },
      'key-file': { type: 'string' },
      out: { type: 'string' },
      'trusted-root': { type: 'string' },
      genesis: { type: 'string' },
      'chain-id': { type: 'string' },
      'verifying-contract': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      account: { type: 'string', multiple: true },
      type: { type: 'string', multiple: true },
      'no-csv': { type: 'boolean' },
      'no-pdf': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help) return out(exportHelp)
  for (const required of ['records', 'key-file', 'out', 'trusted-root'] as const)
    if (!values[required]) throw new CliError(`--${required} is required`)
  let root: TrustedRoot
  try {
    root = parseTrustedRoot(values['trusted-root'] as string)
  } catch (error) {
    throw error instanceof ExportError ? new CliError(error.message) : error
  }
  let chain: { chainId: bigint; verifyingContract: Address }
  let rootBlock
  if (values.genesis) {
    const genesis = parseGenesis(readJson(values.genesis, 'genesis'))
    chain = { chainId: genesis.chainId, verifyingContract: genesis.verifyingContract }
    if (root.height === 0n) rootBlock = { ...computeGenesisBlock(genesis), commit: null }
  } else {
    const id = values['chain-id']
    const contract = values['verifying-contract']
    if (!id || !/^\d+$/.test(id) || !contract || !/^0x[0-9a-fA-F]{40}$/.test(contract))
      throw new CliError('give --genesis FILE, or --chain-id N and --verifying-contract ADDR')
    chain = { chainId: BigInt(id), verifyingContract: contract.toLowerCase() as Address }
  }
  const from = time(values.from, '--from')
  const to = time(values.to, '--to')
  const only = types(values.type)
  const accounts = addresses(values.account)
  const filter = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(accounts ? { accounts } : {}),
    ...(only ? { types: only } : {}),
  }
  const records = RecordStore.open({
    path: values.records as string,
    key: readRecordsKey(values['key-file'] as string),
    readOnly: true,
  })
  try {
    const result = await exportRecords({
      source: records,
      directory: values.out as string,
      chain,
      trustedRoot: root,
      ...(rootBlock ? { rootBlock } : {}),
      filter,
      csv: !values['no-csv'],
      pdf: !values['no-pdf'],
    })
    if (values.json) {
      out(JSON.stringify({ ...result, trustedRoot: `${root.height}:${root.hash}` }))
      return
    }
    out(`exported to  ${result.directory}`)
    out(`bundle       ${result.bundlePath}`)
    out(`sha-256      ${result.bundleHash}`)
    for (const [type, n] of Object.entries(result.counts)) out(`  ${n} ${type}`)
    if (result.pdfPath) out(`report       ${result.pdfPath}`)
    out(
      `verify with  custos verify-export ${result.bundlePath} --trusted-root ${root.height}:${root.hash}`,
    )
  } finally {
    records.close()
  }
}
