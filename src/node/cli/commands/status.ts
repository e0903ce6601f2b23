import { parseArgs } from 'node:util'
import { rpcCall } from '../rpcClient'

export const statusHelp = `custos status [--rpc URL] [--json]

Shows a node's height, latest block hash and time, validator set, peers and sync state.

Options:
  --rpc URL   the node's JSON-RPC URL (default http://127.0.0.1:26657)
  --json      print one JSON object (with a numeric "height")
  --help      this text`

interface StatusResult {
  chainId: string
  height: string
  latestBlockHash: string
  latestBlockTimeMs: string
  validators: Array<{ address: string; power: string }>
  peers: number
  stateRoot: string
  syncing: boolean
  [key: string]: unknown
}

export async function statusCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { rpc: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  })
  if (values.help) return out(statusHelp)
  const url = values.rpc ?? 'http://127.0.0.1:26657'
  const status = await rpcCall<StatusResult>(url, 'custos_status')
  if (values.json) {
    out(JSON.stringify({ ...status, height: Number(status.height), rpc: url }))
    return
  }
  out(`chain ${status.chainId} at ${url}`)
  out(`height      ${status.height}`)
  out(`latest      ${status.latestBlockHash}`)
  out(`time        ${new Date(Number(status.latestBlockTimeMs)).toISOString()}`)
  out(`syncing     ${status.syncing ? 'yes' : 'no'}`)
  out(`peers       ${status.peers}`)
  out(`state root  ${status.stateRoot}`)
  out(`validators  ${status.validators.length}`)
  for (const v of status.validators) out(`  ${v.address}  power ${v.power}`)
}
