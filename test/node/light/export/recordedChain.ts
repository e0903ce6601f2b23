/**
 * A real chain (the test network's four validators, `Chain` + `produceBlock`, governance with a
 * short voting period) whose blocks and the institution's records are written to a real
 * encrypted `RecordStore` as a light node would keep them: every block with its commit and
 * validator set, every transaction with its Merkle proof, and state snapshots (holdings,
 * proposals, policy versions, governance proposals) with state proofs at the head.
 * Block times are genesis + n seconds, so the records are the same on every run.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { Chain, type ProducedBlock } from '../../../../src/node/chain'
import { RecordStore } from '../../../../src/node/light/records'
import type { BundleLightBlock } from '../../../../src/node/light/export'
import {
  fromHex,
  headerHash,
  merkleProof,
  toHex,
  type Address,
  type Hex,
  type TxKind,
  type TxMessages,
} from '../../../../src/node/protocol'
import { nonceOf } from '../../../../src/node/state'
import { keys } from '../../../../src/node/state/keys'
import { Store } from '../../../../src/node/store'
import { governanceGenesis, newcomer } from '../../../fixtures/governance'
import { sign, validators, type Actor } from '../../../fixtures/network'

type Body<K extends TxKind> = Omit<TxMessages[K], 'from' | 'nonce' | 'validUntil'>

export class RecordedChain {
  readonly dir = mkdtempSync(join(tmpdir(), 'custos-export-'))
  readonly store = Store.open(':memory:')
  readonly chain: Chain
  readonly records: RecordStore
  /** The records file's key (32 bytes). */
  readonly key = randomBytes(32)
  /** Genesis as the light client trusts it: header 0, no commit, the genesis set. */
  readonly genesis: BundleLightBlock
  /** Addresses whose transactions are the institution's (`accounts` of a transaction). */
  readonly ours = new Set<Address>()
  private readonly sent = new Map<Address, bigint>()

  constructor() {
    this.chain = Chain.open({
      store: this.store,
      genesis: governanceGenesis(),
      validatorKeys: [...validators, newcomer].map((v) => v.key),
    })
    this.records = RecordStore.open({
      path: join(this.dir, 'records.db'),
      key: this.key,
      now: () => Number(this.timeMs()),
    })
    const header = this.store.header(0n)
    if (!header) throw new Error('no genesis header')
    this.genesis = { header, commit: null, validators: this.chain.validators() }
  }

  close(): void {
    this.records.close()
    this.store.close()
    rmSync(this.dir, { recursive: true, force: true })
  }

  get height(): bigint {
    return this.chain.head().height
  }

  timeMs(): bigint {
    return this.chain.head().header.timeMs
  }

  get root(): { height: bigint; hash: Hex } {
    return { height: 0n, hash: headerHash(this.genesis.header) }
  }

  /** Signs and pools a transaction with the signer's next unused nonce; returns its id. */
  send<K extends TxKind>(who: Actor, kind: K, body: Body<K>): Hex {
    const sent = this.sent.get(who.address) ?? 0n
    this.sent.set(who.address, sent + 1n)
    const nonce = nonceOf(this.chain.state(), who.address) + sent
    return this.chain.submit(sign(who, kind, body as Parameters<typeof sign<K>>[2], nonce))
  }

  /**
   * Produces the next block `afterMs` after the head (default one second), records it (header,
   * commit, signing set) and its transactions with their inclusion proofs; expects every
   * pooled transaction included.
   */
  block(afterMs = 1000n): ProducedBlock {
    this.sent.clear()
    const signing = this.chain.validators()
    const produced = this.chain.produceBlock(this.timeMs() + afterMs)
    expect(produced.rejected.map((r) => r.error.message)).toEqual([])
    const { header } = produced.block
    this.records.putBlock({ header, commit: produced.commit, validators: signing })
    const leaves = produced.included.map((id) => fromHex(id))
    produced.included.forEach((id, index) => {
      const bytes = produced.block.txs[index] as Uint8Array
      // the raw 20 address bytes appear in the RLP of any message naming the account
      const accounts = [...this.ours].filter((a) => toHex(bytes).includes(a.slice(2)))
      this.records.putTransaction({
        id,
        height: header.height,
        index,
        txCount: produced.included.length,
        bytes,
        proof: merkleProof(leaves, index).map((p) => toHex(p)),
        accounts,
      })
    })
    return produced
  }

  /** Produces empty blocks up to `height`. */
  runTo(height: bigint): void {
    while (this.height < height) this.block()
  }

  // snapshots at the head, with proofs against its state root

  holding(symbol: string, holder: Address): void {
    this.records.putHolding({
      symbol,
      holder,
      height: this.height,
      proof: this.store.prove(keys.balance(symbol, holder)),
    })
  }

  proposal(id: Hex): void {
    this.records.putProposal({
      id,
      height: this.height,
      proof: this.store.prove(keys.proposal(id)),
    })
  }

  govProposal(id: Hex): void {
    this.records.putGovProposal({
      id,
      height: this.height,
      proof: this.store.prove(keys.govProposal(id)),
    })
  }

  policyVersion(account: Address): void {
    this.records.putPolicyVersion({
      account,
      height: this.height,
      proof: this.store.prove(keys.account(account)),
    })
  }
}
