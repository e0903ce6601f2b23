/**
 * The transaction pool. Entry checks: canonical decoding, chain id, signature (recovering the
 * declared signer), and nonce against the committed state (not already used, not too far
 * ahead). Dedupes by id and by (signer, nonce). Bounded by count and bytes: a full pool
 * refuses with `PoolFull`. Proposers take transactions grouped by signer in nonce order.
 */
import type { CustosDomain } from '../protocol/eip712'
import { verifyTx, type VerifiedTx } from '../protocol/envelope'
import { AlreadyExists, NonceMismatch, PoolFull } from '../protocol/errors'
import type { Address, Hex, SignedTx } from '../protocol/messages'
import type { RecoverAddress } from '../protocol/signature'

export interface MempoolLimits {
  /** Most transactions held. */
  maxTxs: number
  /** Most bytes of transactions held. */
  maxBytes: number
  /** How far past the signer's next nonce a transaction may be queued. */
  maxNonceGap: bigint
}

export const defaultMempoolLimits: MempoolLimits = {
  maxTxs: 50_000,
  maxBytes: 64 * 1024 * 1024,
  maxNonceGap: 256n,
}

export interface MempoolOptions {
  domain: CustosDomain
  recover: RecoverAddress
  /** The signer's next nonce in the committed state. */
  nextNonce: (signer: Address) => bigint
  limits?: Partial<MempoolLimits>
}

export class Mempool {
  readonly limits: MempoolLimits
  private readonly options: MempoolOptions
  private readonly byId = new Map<Hex, VerifiedTx>()
  private readonly bySignerNonce = new Map<string, Hex>()
  private bytes = 0
  private readonly listeners = new Set<(tx: VerifiedTx) => void>()

  constructor(options: MempoolOptions) {
    this.options = options
    this.limits = { ...defaultMempoolLimits, ...options.limits }
  }

  get size(): number {
    return this.byId.size
  }

  get sizeBytes(): number {
    return this.bytes
  }

  has(id: Hex): boolean {
    return this.byId.has(id)
  }

  get(id: Hex): VerifiedTx | undefined {
    return this.byId.get(id)
  }

  /** Checks and adds a transaction; throws a typed error if refused. */
  add(input: Uint8Array | SignedTx): VerifiedTx {
    const verified = verifyTx(input, { domain: this.options.domain, recover: this.options.recover })
    if (this.byId.has(verified.id)) throw new AlreadyExists('transaction', verified.id)
    const nonce = verified.tx.message.nonce
    const slot = `${verified.signer}:${nonce}`
    if (this.bySignerNonce.has(slot))
      throw new AlreadyExists(
        `a pending transaction of ${verified.signer} with nonce`,
        nonce.toString(),
      )
    const next = this.options.nextNonce(verified.signer)
    if (nonce < next) throw new NonceMismatch(verified.signer, next, nonce)
    if (nonce - next > this.limits.maxNonceGap)
      throw new NonceMismatch(verified.signer, next, nonce)
    if (this.byId.size >= this.limits.maxTxs) throw new PoolFull('count', this.limits.maxTxs)
    if (this.bytes + verified.bytes.length > this.limits.maxBytes)
      throw new PoolFull('bytes', this.limits.maxBytes)
    this.byId.set(verified.id, verified)
    this.bySignerNonce.set(slot, verified.id)
    this.bytes += verified.bytes.length
    for (const listener of this.listeners) listener(verified)
    return verified
  }

  /** Called for every transaction accepted (e.g. to gossip it to peers). */
  onAdded(listener: (tx: VerifiedTx) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  remove(id: Hex): void {
    const tx = this.byId.get(id)
    if (!tx) return
    this.byId.delete(id)
    this.bySignerNonce.delete(`${tx.signer}:${tx.tx.message.nonce}`)
    this.bytes -= tx.bytes.length
  }

  /**
   * After a block: drops transactions whose nonce the committed state has passed. Only the
   * block's signers can have moved on, so only theirs are checked when they are given.
   */
  prune(signers?: ReadonlySet<Address>): number {
    let dropped = 0
    const next = new Map<Address, bigint>()
    for (const tx of [...this.byId.values()]) {
      if (signers && !signers.has(tx.signer)) continue
      let nonce = next.get(tx.signer)
      if (nonce === undefined) {
        nonce = this.options.nextNonce(tx.signer)
        next.set(tx.signer, nonce)
      }
      if (tx.tx.message.nonce < nonce) {
        this.remove(tx.id)
        dropped++
      }
    }
    return dropped
  }

  /** Transactions grouped by signer (in order of first arrival), each group in nonce order. */
  ordered(): VerifiedTx[] {
    const bySigner = new Map<Address, VerifiedTx[]>()
    for (const tx of this.byId.values()) {
      const list = bySigner.get(tx.signer)
      if (list) list.push(tx)
      else bySigner.set(tx.signer, [tx])
    }
    const out: VerifiedTx[] = []
    for (const list of bySigner.values()) {
      list.sort((a, b) =>
        a.tx.message.nonce < b.tx.message.nonce
          ? -1
          : a.tx.message.nonce > b.tx.message.nonce
            ? 1
            : 0,
      )
      out.push(...list)
    }
    return out
  }
}
