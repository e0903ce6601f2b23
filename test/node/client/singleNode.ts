/**
 * A real one-validator node in this process (store, consensus, p2p, JSON-RPC on 127.0.0.1),
 * on the devnet genesis with its demo institution, for tests of the client and the CLI that
 * need blocks committed by consensus. Also writes the demo people's key files, and runs the
 * `custos` command in-process with its output captured (a child process would block on the
 * node that lives in this one).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { vi } from 'vitest'
import { freePort } from '../../../src/node/cli/commands/devnet'
import { writeHome } from '../../../src/node/cli/commands/init'
import { demoAccounts, devnetGenesis, type DemoAccount } from '../../../src/node/cli/devnetGenesis'
import { homePaths, newKeyFile } from '../../../src/node/cli/home'
import { main } from '../../../src/node/cli/main'
import { startNode, type RunningNode } from '../../../src/node/cli/startNode'

export interface SingleNode {
  url: string
  node: RunningNode
  /** The validator's consensus key file (its governance key). */
  validatorKey: string
  /** Demo people by name (alice, bob, carol, dave, issuer, kyc-provider). */
  people: Map<string, DemoAccount & { keyFile: string }>
  dir: string
  stop(): Promise<void>
}

export interface SingleNodeOptions {
  /** Genesis `params.governance.votingPeriodBlocks`. */
  votingPeriodBlocks?: bigint
}

export async function startSingleNode(options: SingleNodeOptions = {}): Promise<SingleNode> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-single-'))
  const home = join(dir, 'validator')
  const consensusKey = newKeyFile()
  const genesis = devnetGenesis({
    validators: [{ address: consensusKey.address, name: 'validator-1' }],
    genesisTimeMs: BigInt(Date.now()),
  })
  if (options.votingPeriodBlocks !== undefined)
    genesis['params'] = {
      governance: { votingPeriodBlocks: options.votingPeriodBlocks.toString() },
    }
  writeHome({
    home,
    moniker: 'validator-1',
    nodeKey: newKeyFile(),
    consensusKey,
    genesis,
    config: {
      moniker: 'validator-1',
      rpc: { host: '127.0.0.1', port: await freePort() },
      p2p: { host: '127.0.0.1', port: await freePort() },
      peers: [],
      allow: [],
      validator: true,
    },
  })
  const node = await startNode({ home, validator: true, log: pino({ level: 'silent' }) })
  const people = new Map(
    demoAccounts().map((person) => {
      const keyFile = join(dir, `${person.name}.json`)
      writeFileSync(
        keyFile,
        JSON.stringify({ address: person.address, privateKey: person.privateKey }),
      )
      return [person.name, { ...person, keyFile }]
    }),
  )
  return {
    url: node.rpcUrl,
    node,
    validatorKey: homePaths(home).consensusKey,
    people,
    dir,
    async stop() {
      await node.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `custos <args>` in this process, capturing what it prints. */
export async function custos(...args: string[]): Promise<CliRun> {
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
    const code = await main(args)
    return { code, stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}
