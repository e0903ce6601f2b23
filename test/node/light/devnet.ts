/**
 * Devnets for light-client tests: a real `Chain` on a temporary SQLite store serving real
 * JSON-RPC on 127.0.0.1. `withSetChange` runs governance so the validator set changes
 * completely enough that skipping from genesis needs bisection: validator-5 joins with power
 * 100 and validators 1–3 leave, so only validator-4 (10 of the genesis set's 40) signs after.
 * `forkOf` builds a second chain from the same genesis and keys that shares the first `common`
 * blocks and then diverges: a fork signed by the same validators.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Chain } from '../../../src/node/chain'
import type { Header, Validator } from '../../../src/node/protocol'
import { createRpcServer, type RpcServer } from '../../../src/node/rpc'
import type { Genesis } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  expectIncluded,
  govAction,
  governanceGenesis,
  GovernanceNet,
  newcomer,
} from '../../fixtures/governance'
import { validators, type Actor } from '../../fixtures/network'
import { TestBackend } from '../rpc/harness'

const [v1, v2, v3, v4] = validators as [Actor, Actor, Actor, Actor]

/** A light client in these tests trusts for a year: the fixture genesis is 2026-01-01. */
export const TRUST_A_YEAR = 365 * 24 * 3_600_000

export interface Devnet {
  genesis: Genesis
  chain: Chain
  net: GovernanceNet
  rpc: RpcServer
  /** The first height signed by the changed set (withSetChange), else undefined. */
  changeHeight: bigint | undefined
  header(height: bigint): Header
  close(): Promise<void>
}

export interface DevnetOptions {
  blocks?: number
  withSetChange?: boolean
  /** Blocks to copy from another chain before producing (forks). */
  copyFrom?: Chain
  copyBlocks?: bigint
  /** Runs after copying, before the blocks are produced (a fork's diverging transactions). */
  before?: (net: GovernanceNet) => void
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-light-'))
  const store = Store.open(join(dir, 'node.db'))
  const genesis = governanceGenesis()
  const net = new GovernanceNet(genesis, store)
  const chain = net.chain
  if (options.copyFrom)
    for (let h = 1n; h <= (options.copyBlocks ?? 0n); h++) {
      const block = options.copyFrom.store.block(h)
      const commit = options.copyFrom.store.commit(h)
      if (!block || !commit) throw new Error(`block ${h} is missing in the source chain`)
      chain.importBlock(block, commit)
    }
  options.before?.(net)
  let changeHeight: bigint | undefined
  if (options.withSetChange) changeHeight = changeValidatorSet(net)
  while (chain.head().height < BigInt(options.blocks ?? 8)) net.block()
  const backend = new TestBackend(chain)
  const rpc = await createRpcServer({ backend, port: 0, limits: { rateLimit: null } })
  return {
    genesis,
    chain,
    net,
    rpc,
    changeHeight,
    header(height) {
      const header = store.header(height)
      if (!header) throw new Error(`no header at ${height}`)
      return header
    },
    async close() {
      await rpc.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The set after `changeValidatorSet`: validator-4 and validator-5. */
export const changedSet: Validator[] = [
  { address: v4.address, power: 10n },
  { address: newcomer.address, power: 100n },
].sort((a, b) => (a.address < b.address ? -1 : 1))

/** Runs the governance change; returns the first height the new set signs. */
export function changeValidatorSet(net: GovernanceNet): bigint {
  const change = decideValidatorChange(net)
  net.runTo(change)
  return change
}

/**
 * Submits and votes the change (two blocks); returns the first height the new set will sign.
 * The tally is at the end of block `submitted + 3`; the block after it announces the new set.
 */
export function decideValidatorChange(net: GovernanceNet): bigint {
  const actions = [
    govAction({ kind: 'add-validator', target: newcomer.address, power: 100n }),
    ...[v1, v2, v3].map((v) => govAction({ kind: 'remove-validator', target: v.address })),
  ]
  const ids = actions.map((action) =>
    net.send(v1, 'SubmitGovProposal', { title: action.kind, description: '', action }),
  )
  const submitted = net.block()
  for (const id of ids) expectIncluded(submitted, id)
  const votes = ids.flatMap((proposalId) =>
    [v1, v2, v3, v4].map((v) => net.send(v, 'CastVote', { proposalId, option: 'yes' })),
  )
  const voted = net.block()
  for (const id of votes) expectIncluded(voted, id)
  return submitted.head.height + 3n + 2n
}

/** A JSON-RPC call that fails the test on an error. */
export async function rpcResult<T>(url: string, method: string, params: object = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: T; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
}
