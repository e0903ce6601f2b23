/**
 * What to tell a person while their device asks them to approve: which screens it shows
 * (full mode), or which two hashes to compare with it and why (hashed mode). The CLI prints
 * these lines; the app shows the same content in its own layout.
 */
import type { PendingReview } from '../../../shared/signer'
import type { SignableTypedData } from '../signer'

export interface ReviewLinesOptions {
  /** What the device is called, e.g. "Ledger at m/44'/60'/0'/0/0" or "Simulated device". */
  device: string
  /** Print every screen (default), or one line for a signed read request. */
  verbose?: boolean
}

export function reviewLines(
  review: PendingReview,
  typedData: SignableTypedData,
  options: ReviewLinesOptions,
): string[] {
  const again = review.attempt > 0 ? ' again' : ''
  if (typedData.primaryType === 'RpcRequest') {
    const method = (typedData.message as { method?: unknown }).method
    return [`${options.device}: approve the read request ${String(method)}${again}`]
  }
  if (review.mode === 'hashed')
    return [
      `${options.device}: approve ${typedData.primaryType}${again} — this device shows only hashes (${review.reason}).`,
      'Compare both with the device screen before you approve; reject if either differs:',
      `  Domain hash   ${review.hashes.domainHash}`,
      `  Message hash  ${review.hashes.messageHash}`,
    ]
  const lines = [
    `${options.device}: review and approve ${typedData.primaryType}${again}; it shows:`,
  ]
  if (options.verbose === false) return lines
  const width = Math.max(...review.screens.map((s) => s.title.length))
  for (const screen of review.screens)
    lines.push(`  ${screen.title.padEnd(width)}  ${screen.value}`)
  return lines
}
