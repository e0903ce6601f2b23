import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseGenesis } from '../../state'
import { devnetGenesis } from '../devnetGenesis'
import {
  CliError,
  ensureDir,
  homePaths,
  newKeyFile,
  readJson,
  writeFileAtomic,
  type KeyFile,
  type NodeConfig,
} from '../home'

export const initHelp = `custos init --home DIR [options]

Creates a node home: a node key, a consensus key (with --validator), config.json and genesis.json.

Options:
  --home DIR          the node's folder (created if missing; refuses to overwrite an existing node)
  --moniker NAME      a name for logs and peers (default: the folder name)
  --validator         this node validates (signs votes with its consensus key)
  --genesis FILE      copy this genesis document (default: a one-validator devnet with this node)
  --rpc-port N        JSON-RPC port on 127.0.0.1 (default 26657)
  --p2p-port N        peer-to-peer port on 127.0.0.1 (default 26656)
  --help              this text`

export interface InitParameters {
  home: string
  moniker?: string
  validator?: boolean
  genesis?: unknown
  rpcPort?: number
  p2pPort?: number
  peers?: NodeConfig['peers']
}

export interface InitResult {
  nodeAddress: string
  consensusAddress: string | undefined
}

export interface WriteHomeParameters {
  home: string
  moniker: string
  nodeKey: KeyFile
  consensusKey?: KeyFile
  genesis: unknown
  config: NodeConfig
}

/** Writes a node home's files; refuses to overwrite an existing node. */
export function writeHome(params: WriteHomeParameters): void {
  const paths = homePaths(params.home)
  if (existsSync(paths.config))
    throw new CliError(`${params.home} already holds a node (config.json exists)`)
  parseGenesis(params.genesis) // refuse to write an invalid genesis
  ensureDir(paths.data)
  writeFileAtomic(paths.nodeKey, `${JSON.stringify(params.nodeKey, null, 2)}\n`, true)
  if (params.consensusKey)
    writeFileAtomic(paths.consensusKey, `${JSON.stringify(params.consensusKey, null, 2)}\n`, true)
  writeFileAtomic(paths.genesis, `${JSON.stringify(params.genesis, null, 2)}\n`)
  writeFileAtomic(paths.config, `${JSON.stringify(params.config, null, 2)}\n`)
}

/** Creates a node home with new keys (`custos init`). */
export function initHome(params: InitParameters): InitResult {
  const nodeKey = newKeyFile()
  const consensusKey = params.validator ? newKeyFile() : undefined
  const moniker =
    params.moniker ?? (params.home.split(/[\\/]/).filter(Boolean).pop() || 'custos-node')
  const genesis =
    params.genesis ??
    devnetGenesis({
      validators: consensusKey ? [{ address: consensusKey.address, name: moniker }] : [],
      genesisTimeMs: BigInt(Date.now()),
    })
  writeHome({
    home: params.home,
    moniker,
    nodeKey,
    ...(consensusKey ? { consensusKey } : {}),
    genesis,
    config: {
      moniker,
      rpc: { host: '127.0.0.1', port: params.rpcPort ?? 26657 },
      p2p: { host: '127.0.0.1', port: params.p2pPort ?? 26656 },
      peers: params.peers ?? [],
      allow: [],
      validator: Boolean(params.validator),
    },
  })
  return { nodeAddress: nodeKey.address, consensusAddress: consensusKey?.address }
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError(`${flag} must be a port number (0–65535), got ${value}`)
  return n
}

export async function initCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      home: { type: 'string' },
      moniker: { type: 'string' },
      validator: { type: 'boolean' },
      genesis: { type: 'string' },
      'rpc-port': { type: 'string' },
      'p2p-port': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help) return out(initHelp)
  if (!values.home) throw new CliError('--home is required (see custos init --help)')
  const result = initHome({
    home: values.home,
    ...(values.moniker ? { moniker: values.moniker } : {}),
    validator: Boolean(values.validator),
    ...(values.genesis ? { genesis: readJson(values.genesis, 'genesis') } : {}),
    ...(values['rpc-port'] ? { rpcPort: port(values['rpc-port'], '--rpc-port') } : {}),
    ...(values['p2p-port'] ? { p2pPort: port(values['p2p-port'], '--p2p-port') } : {}),
  })
  out(`initialised ${values.home}`)
  if (result.consensusAddress) out(`consensus address ${result.consensusAddress}`)
}
