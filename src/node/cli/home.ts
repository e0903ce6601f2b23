/**
 * A node's home folder:
 *   config.json          ports, peers, whether it validates
 *   genesis.json         the chain's genesis document
 *   node_key.json        the p2p node key (identifies the node to its peers)
 *   consensus_key.json   the validator's consensus key (validators only)
 *   data/                store, signer state, consensus write-ahead log
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { addressOfPrivateKey, fromHex, toHex, type Address } from '../protocol'

export class CliError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliError'
  }
}

const peerSchema = z.object({ peerId: z.string().min(1), address: z.string().min(1) }).strict()

export const nodeConfigSchema = z
  .object({
    moniker: z.string().min(1).max(64),
    rpc: z
      .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) })
      .strict(),
    p2p: z
      .object({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) })
      .strict(),
    peers: z.array(peerSchema).default([]),
    /** Extra peer ids allowed to connect (sentries), besides the listed peers. */
    allow: z.array(z.string()).default([]),
    validator: z.boolean().default(false),
  })
  .strict()

export type NodeConfig = z.output<typeof nodeConfigSchema>

export interface KeyFile {
  address: Address
  privateKey: string
}

export const homePaths = (home: string) => ({
  config: join(home, 'config.json'),
  genesis: join(home, 'genesis.json'),
  nodeKey: join(home, 'node_key.json'),
  consensusKey: join(home, 'consensus_key.json'),
  data: join(home, 'data'),
  store: join(home, 'data', 'node.db'),
  signerState: join(home, 'data', 'signer_state.json'),
  wal: join(home, 'data', 'consensus.wal'),
})

/** Writes a file atomically (temp file + rename), readable by the owner only for keys. */
export function writeFileAtomic(path: string, text: string, secret = false): void {
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, text, { mode: secret ? 0o600 : 0o644 })
  renameSync(temp, path)
}

export function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new CliError(`${what} not found at ${path}; run 'custos init' first`)
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new CliError(
      `${what} at ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

export function newKeyFile(): KeyFile {
  const key = randomBytes(32)
  return { address: addressOfPrivateKey(key), privateKey: toHex(key) }
}

export function readKey(path: string, what: string): Uint8Array {
  const parsed = z
    .object({ address: z.string(), privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/) })
    .safeParse(readJson(path, what))
  if (!parsed.success)
    throw new CliError(`${what} at ${path} is malformed (needs address and a 32-byte privateKey)`)
  const key = fromHex(parsed.data.privateKey)
  if (addressOfPrivateKey(key) !== parsed.data.address.toLowerCase())
    throw new CliError(`${what} at ${path}: the address does not match the private key`)
  return key
}

export function readConfig(home: string): NodeConfig {
  const parsed = nodeConfigSchema.safeParse(readJson(homePaths(home).config, 'node config'))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliError(
      `config.json: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    )
  }
  return parsed.data
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true })
}
