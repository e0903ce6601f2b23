/**
 * Fixtures of the records tests: temporary files and keys, and synthetic verified blocks — real
 * headers, commits signed by the test validators, transaction Merkle proofs and state proofs
 * from a real Merkle Patricia trie — cheap enough for the crash writer's loop.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  addressOfPrivateKey,
  devPrivateKey,
  encodeTx,
  headerHash,
  merkleProof,
  merkleRoot,
  signTx,
  signVote,
  toHex,
  txDigest,
  utf8,
  validatorSetHash,
  VoteType,
  ZERO_HASH,
  type Address,
  type Commit,
  type CustosDomain,
  type Header,
  type Hex,
  type SignedTx,
  type StateProof,
  type Validator,
} from '../../../../src/node/protocol'
import { fromHex } from '../../../../src/node/protocol/hash'
import { encodeStateValue } from '../../../../src/node/protocol/stateValue'
import { MerkleTrie } from '../../../../src/node/store/trie'
import type {
  PutBlockParameters,
  PutTransactionParameters,
} from '../../../../src/node/light/records'

/** A signer (same keys as test/fixtures/network.ts, without loading the state machine there). */
export interface Actor {
  name: string
  key: Uint8Array
  address: Address
}

export function actor(name: string): Actor {
  const key = devPrivateKey(name)
  return { name, key, address: addressOfPrivateKey(key) }
}

export const validators = ['validator-1', 'validator-2', 'validator-3', 'validator-4'].map(actor)
export const alice = actor('alice')
export const bob = actor('bob')

/** The test network's domain (test/fixtures/network.ts). */
export const testDomain: CustosDomain = {
  name: 'Custos',
  version: '1',
  chainId: 7001n,
  verifyingContract: '0x00000000000000000000000000000000000c0575',
}

const FAR_FUTURE = 4_102_444_800n

const dirs: string[] = []

/** A fresh temporary folder (removed by `removeTempDirs`). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-records-'))
  dirs.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

export const randomKey = (): Uint8Array => new Uint8Array(randomBytes(32))

export const validatorSet: Validator[] = validators.map((v) => ({ address: v.address, power: 10n }))

/** A state trie in memory that proves keys the way the node store does. */
export class SyntheticState {
  private readonly nodes = new Map<string, Uint8Array>()
  private readonly trie = new MerkleTrie({ getNode: (h) => this.nodes.get(toHex(h).slice(2)) })

  /** Applies changes (null deletes) and returns the new root. */
  apply(changes: ReadonlyArray<readonly [string, unknown]>): Hex {
    for (const [key, value] of changes) {
      if (value === null) this.trie.del(utf8(key))
      else this.trie.put(utf8(key), encodeStateValue(value))
    }
    const { root, nodes } = this.trie.commit()
    for (const [hash, node] of nodes) this.nodes.set(hash, node)
    return toHex(root)
  }

  prove(key: string): StateProof {
    const value = this.trie.get(utf8(key))
    return {
      key,
      value: value ? toHex(value) : null,
      nodes: this.trie.prove(utf8(key)).map((n) => toHex(n)),
    }
  }
}

export interface SyntheticBlock {
  block: PutBlockParameters
  ids: Hex[]
  /** What `putTransaction` needs for the transaction at `index`. */
  tx(index: number, accounts: readonly Address[]): PutTransactionParameters
}

/** A signed transfer of 1 ACME from `who` with `nonce`, its bytes and id. */
export function transfer(
  who: Actor,
  to: Address,
  nonce: bigint,
): { tx: SignedTx; bytes: Uint8Array; id: Hex } {
  const tx = signTx({
    domain: testDomain,
    kind: 'Transfer',
    message: { symbol: 'ACME', to, amount: 1n, nonce, validUntil: FAR_FUTURE },
    privateKey: who.key,
  })
  return { tx, bytes: encodeTx(tx), id: txDigest(testDomain, tx) }
}

/**
 * A block at `height` holding `txs` (encoded envelopes), whose state root is `stateRoot`,
 * committed by every test validator.
 */
export function syntheticBlock(
  height: bigint,
  timeMs: bigint,
  txs: ReadonlyArray<{ bytes: Uint8Array; id: Hex }>,
  stateRoot: Hex,
  signers: readonly Actor[] = validators,
): SyntheticBlock {
  const ids = txs.map((t) => t.id)
  const leaves = ids.map((id) => fromHex(id))
  const header: Header = {
    chainId: testDomain.chainId,
    height,
    timeMs,
    lastBlockHash: ZERO_HASH,
    lastCommitHash: ZERO_HASH,
    txRoot: toHex(merkleRoot(leaves)),
    stateRoot,
    validatorsHash: validatorSetHash(validatorSet),
    nextValidatorsHash: validatorSetHash(validatorSet),
    proposer: validatorSet[0]?.address as Address,
  }
  const blockHash = headerHash(header)
  const vote = { voteType: VoteType.precommit, height, round: 0n, blockHash }
  const signatures = [...signers]
    .sort((a, b) => (a.address < b.address ? -1 : 1))
    .map((v) => ({ validator: v.address, signature: signVote(testDomain, vote, v.key) }))
  const commit: Commit = { height, round: 0n, blockHash, signatures }
  return {
    block: { header, commit, validators: validatorSet },
    ids,
    tx: (index, accounts) => ({
      id: ids[index] as Hex,
      height,
      index,
      txCount: ids.length,
      bytes: txs[index]?.bytes as Uint8Array,
      proof: merkleProof(leaves, index).map((p) => toHex(p)),
      accounts,
    }),
  }
}
