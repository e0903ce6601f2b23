/**
 * Sends each intended transaction at most once. A person who presses "Approve" twice, or a
 * flow retried after a device disconnect or a timeout, must never put two different signed
 * approvals on the wire: each intent (e.g. "member M approves proposal P of account A") maps
 * to the first transaction built and submitted for it, and asking again waits for that
 * transaction instead of building, signing and submitting another.
 *
 * An attempt that failed before anything was submitted (the person rejected on the device, the
 * node refused the dry run) is forgotten, so trying again signs afresh.
 */
import type { Address, Hex } from '../../protocol/messages'
import { sendTx, waitForTx, type SendTxParameters, type SentTx } from '../sendTx'
import type { UnsignedTxRequest } from '../unsignedTx'

/** The intent of an approval: one per member and proposal. */
export function approvalIntent(account: Address, proposalId: Hex, member: Address): string {
  return `approve:${account.toLowerCase()}:${proposalId.toLowerCase()}:${member.toLowerCase()}`
}

/** The intent of a governance vote: one per validator and proposal. */
export function voteIntent(proposalId: Hex, validator: Address): string {
  return `vote:${proposalId.toLowerCase()}:${validator.toLowerCase()}`
}

export class OnceSender {
  private readonly submitted = new Map<string, Promise<SentTx<UnsignedTxRequest>>>()
  /** Every transaction id this sender submitted, in order. */
  readonly ids: Hex[] = []

  /**
   * Sends the transaction of `intent` unless it was sent already, and (unless `wait` is
   * false) waits for its inclusion. Returns the first transaction sent for the intent.
   */
  async send<R extends UnsignedTxRequest>(
    intent: string,
    p: SendTxParameters<R>,
  ): Promise<SentTx<R>> {
    let submission = this.submitted.get(intent) as Promise<SentTx<R>> | undefined
    if (!submission) {
      submission = sendTx({ ...p, wait: false }).then((sent) => {
        this.ids.push(sent.id)
        return sent
      })
      this.submitted.set(intent, submission)
      const mine = submission
      mine.catch(() => {
        if (this.submitted.get(intent) === mine) this.submitted.delete(intent)
      })
    }
    const sent = await submission
    if (p.wait === false) return sent
    return { ...sent, committed: await waitForTx(p.rpc, sent.tx, sent.id, p.wait ?? {}) }
  }

  /** The transaction sent for `intent`, if any. */
  has(intent: string): boolean {
    return this.submitted.has(intent)
  }
}
