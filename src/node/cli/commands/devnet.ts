/**
 * `custos devnet up`: a local network of validator processes on loopback, in one data folder.
 * Each validator is a real `custos node start --validator` process with its own home; they
 * find each other through their node keys and ports. Ctrl-C or SIGTERM stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { fromHex } from '../../protocol'
import { peerIdFromNodeKey } from '../../p2p/nodeKey'
import { devnetGenesis } from '../devnetGenesis'
import { CliError, homePaths, newKeyFile, readConfig, type KeyFile } from '../home'
import { writeHome } from './init'

export const devnetHelp = `custos devnet up [--validators N] [--standby M] [--data-dir DIR] [--reset]

Starts N validator processes on loopback ports, each with its own home under DIR, and prints
their JSON-RPC URLs. Reuses an existing devnet in DIR unless --reset. Ctrl-C or SIGTERM stops them.

Options:
  --validators N   how many validators (default 4, at most 16)
  --standby M      also run M nodes with validator keys outside the genesis set, which sign
                   once a governance proposal adds them (default 0; only for a new devnet)
  --data-dir DIR   the devnet's folder (default .custos/devnet)
  --reset          delete DIR's devnet and start a new chain
  --help           this text`

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

export interface CreateDevnetParameters {
  dataDir: string
  validators: number
  /**
   * Nodes with validator keys that are not in the genesis set (homes `standby-<i>`): they
   * follow the chain and start signing once governance adds them. Every node allows them.
   */
  standby?: number
  genesisTimeMs?: bigint
  /** Blocks a governance proposal is open for voting (devnet default: 60). */
  votingPeriodBlocks?: bigint
  /**
   * Consensus keys to use instead of new ones, by node index (validators first, then standby
   * nodes; a missing entry gets a new key): e.g. a key a simulated Ledger also holds, so that
   * validator's governance votes can be signed on the device.
   */
  consensusKeys?: ReadonlyArray<KeyFile | undefined>
}

/**
 * Creates the homes of a new devnet (keys, common genesis, configs with every peer) and
 * returns them: the validators' first, then the standby nodes'.
 */
export async function createDevnet(params: CreateDevnetParameters): Promise<string[]> {
  const nodes: Array<{
    name: string
    nodeKey: KeyFile
    consensusKey: KeyFile
    rpcPort: number
    p2pPort: number
  }> = []
  const standby = params.standby ?? 0
  for (let i = 1; i <= params.validators + standby; i++) {
    nodes.push({
      name: i <= params.validators ? `validator-${i}` : `standby-${i - params.validators}`,
      nodeKey: newKeyFile(),
      consensusKey: params.consensusKeys?.[i - 1] ?? newKeyFile(),
      rpcPort: await freePort(),
      p2pPort: await freePort(),
    })
  }
  const genesis = devnetGenesis({
    validators: nodes
      .slice(0, params.validators)
      .map((n) => ({ address: n.consensusKey.address, name: n.name })),
    genesisTimeMs: params.genesisTimeMs ?? BigInt(Date.now()),
    ...(params.votingPeriodBlocks !== undefined
      ? { votingPeriodBlocks: params.votingPeriodBlocks }
      : {}),
  })
  const peers = nodes.map((n) => ({
    peerId: peerIdFromNodeKey(fromHex(n.nodeKey.privateKey)),
    address: `/ip4/127.0.0.1/tcp/${n.p2pPort}`,
  }))
  const homes: string[] = []
  nodes.forEach((n, i) => {
    const home = join(params.dataDir, n.name)
    writeHome({
      home,
      moniker: n.name,
      nodeKey: n.nodeKey,
      consensusKey: n.consensusKey,
      genesis,
      config: {
        moniker: n.name,
        rpc: { host: '127.0.0.1', port: n.rpcPort },
        p2p: { host: '127.0.0.1', port: n.p2pPort },
        peers: peers.filter((_, j) => j !== i),
        allow: [],
        validator: true,
      },
    })
    homes.push(home)
  })
  return homes
}

/** The homes of an existing devnet: validators first, then standby nodes, each in order. */
export function devnetHomes(dataDir: string): string[] {
  if (!existsSync(dataDir)) return []
  const homes = readdirSync(dataDir).filter(
    (name) =>
      /^(validator|standby)-\d+$/.test(name) && existsSync(homePaths(join(dataDir, name)).config),
  )
  const rank = (name: string): number =>
    (name.startsWith('standby') ? 1000 : 0) + Number(name.split('-')[1])
  return homes.sort((a, b) => rank(a) - rank(b)).map((name) => join(dataDir, name))
}

/**
 * The CLI's source entry. Bundled into the Electron main process, this module no longer sits
 * next to it, so the app points `CUSTOS_CLI_ENTRY` at `src/node/cli/main.ts` in its folder.
 */
function cliEntry(): string {
  return process.env['CUSTOS_CLI_ENTRY'] ?? fileURLToPath(new URL('../main.ts', import.meta.url))
}

/** Starts `custos node start --validator` for a home; its logs go to <home>/node.log. */
export function spawnNode(home: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cliEntry(), 'node', 'start', '--home', home, '--validator'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // inside the Electron app (development), its binary runs the node as plain Node
      env: {
        ...process.env,
        CUSTOS_LOG_PRETTY: '0',
        ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
      },
    },
  )
  const log = createWriteStream(join(home, 'node.log'), { flags: 'a' })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  return child
}

export async function devnetCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const [action, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      validators: { type: 'string' },
      standby: { type: 'string' },
      'data-dir': { type: 'string' },
      reset: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help || action === '--help' || action === undefined) return out(devnetHelp)
  if (action !== 'up')
    throw new CliError(`unknown devnet action ${JSON.stringify(action)}; use 'custos devnet up'`)
  const count = Number(values.validators ?? '4')
  if (!Number.isInteger(count) || count < 1 || count > 16)
    throw new CliError('--validators must be a whole number from 1 to 16')
  const standby = Number(values.standby ?? '0')
  if (!Number.isInteger(standby) || standby < 0 || standby > 16)
    throw new CliError('--standby must be a whole number from 0 to 16')
  const dataDir = resolve(values['data-dir'] ?? '.custos/devnet')
  if (values.reset) rmSync(dataDir, { recursive: true, force: true })
  let homes = devnetHomes(dataDir)
  const existing = homes.filter((home) => /validator-\d+$/.test(home)).length
  if (homes.length > 0 && existing !== count)
    throw new CliError(
      `${dataDir} holds a devnet of ${existing} validators; use --validators ${existing} or --reset`,
    )
  if (homes.length === 0) homes = await createDevnet({ dataDir, validators: count, standby })

  const children = homes.map((home) => ({ home, child: spawnNode(home) }))
  for (const { home } of children) {
    const config = readConfig(home)
    out(
      `${config.moniker} rpc http://127.0.0.1:${config.rpc.port} (logs: ${join(home, 'node.log')})`,
    )
  }
  out('devnet running; Ctrl-C stops it')

  await new Promise<void>((resolveStop) => {
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      out('stopping devnet…')
      for (const { child } of children) child.kill('SIGTERM')
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    let running = children.length
    for (const { child, home } of children) {
      child.once('exit', (code, signal) => {
        if (!stopping) out(`${home} exited (${signal ?? code}); the other validators keep running`)
        if (--running === 0) resolveStop()
      })
    }
  })
}
