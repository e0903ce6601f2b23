/**
 * Sending a transaction end to end: read the chain's domain and the signer's nonce, build,
 * sign, dry-run (`custos_checkTx`, so a refusal comes back with the chain's reason instead of
 * a silent drop), submit, and wait until a block includes it.
 */
import type { Hex, SignedTx } from '../protocol/messages'
import type { TxAnswer } from '../rpc/answers'
import { RpcCallFailed, TxRefused, TxTimeout } from './errors'
import type { CustosRpc } from './rpc'
import type { TypedDataSigner } from './signer'
import { attachSignature, type TxContext, type UnsignedTxRequest } from './unsignedTx'

export type CommittedTx = Extract<TxAnswer, { status: 'committed' }>

export interface WaitOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number
  /** Poll interval (default 250 ms). */
  intervalMs?: number
}

export interface SendTxParameters<R extends UnsignedTxRequest> {
  rpc: CustosRpc
  signer: TypedDataSigner
  build: (ctx: TxContext) => R
  /** How long the signed transaction stays valid (default 10 minutes). */
  validForSeconds?: bigint
  /** Wait for inclusion (default), or return right after submitting (`false`). */
  wait?: WaitOptions | false
  /** Clock, unix milliseconds (default `Date.now`). */
  now?: () => number
}

export interface SentTx<R extends UnsignedTxRequest> {
  request: R
  tx: SignedTx
  id: Hex
  /** The inclusion; undefined when `wait` was false. */
  committed?: CommittedTx
}

/**
 * Builds, signs, checks, submits and (by default) waits for one transaction. Throws
 * `TxRefused` (with the chain's code and message) when the node refuses it, `TxTimeout` when
 * no block includes it in time, and the builder's `InvalidValue` for bad inputs.
 *
 * @example
 * const sent = await sendTx({ rpc, signer, build: (ctx) => castVoteTx(ctx, { proposalId, option: 'yes' }) })
 * sent.committed?.height // '42'
 */
export async function sendTx<R extends UnsignedTxRequest>(
  p: SendTxParameters<R>,
): Promise<SentTx<R>> {
  const now = p.now ?? Date.now
  const [domain, nonce] = await Promise.all([p.rpc.domain(), p.rpc.nonce(p.signer)])
  const validUntil = BigInt(Math.floor(now() / 1000)) + (p.validForSeconds ?? 600n)
  const request = p.build({ domain, from: p.signer.address, nonce, validUntil })
  const tx = attachSignature(request, await p.signer.signTypedData(request.typedData))
  await refusalOf(request.id, () => p.rpc.checkTx(tx))
  const id = await refusalOf(request.id, () => p.rpc.submitTx(tx))
  if (p.wait === false) return { request, tx, id }
  const committed = await waitForTx(p.rpc, tx, id, p.wait ?? {})
  return { request, tx, id, committed }
}

/**
 * Polls `custos_getTx` until the transaction is committed. A transaction that leaves the pool
 * without being included (`unknown`) was dropped by a proposer: it is checked again to learn
 * why, and `TxRefused` says so.
 */
export async function waitForTx(
  rpc: CustosRpc,
  tx: SignedTx,
  id: Hex,
  options: WaitOptions = {},
): Promise<CommittedTx> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const intervalMs = options.intervalMs ?? 250
  const started = Date.now()
  let unknownBefore = false
  for (;;) {
    const answer = await rpc.getTx(id)
    if (answer.status === 'committed') return answer
    // asked twice, so a block being stored between the pool and the index is not mistaken
    if (answer.status === 'unknown' && unknownBefore) {
      await refusalOf(id, () => rpc.checkTx(tx))
      throw new TxRefused(id, 'DROPPED', 'the node dropped it from its pool without a reason')
    }
    unknownBefore = answer.status === 'unknown'
    if (Date.now() - started >= timeoutMs) throw new TxTimeout(id, timeoutMs, answer.status)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Runs a call, turning a chain refusal (-32010) into `TxRefused` with the chain's reason. */
async function refusalOf<T>(id: Hex, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof RpcCallFailed && error.chainCode !== undefined) {
      const details = error.data?.['details']
      throw new TxRefused(
        id,
        error.chainCode,
        error.message.replace(/^custos_\w+: /, ''),
        typeof details === 'object' && details !== null
          ? (details as Record<string, unknown>)
          : undefined,
      )
    }
    throw error
  }
}
