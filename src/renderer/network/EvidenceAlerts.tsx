/**
 * Fork evidence: a witness node reported a different block than the primary at some height.
 * Shown as alerts because it means a node, or the network, cannot be trusted.
 */
import type { NetworkStatus } from '../../shared/ipc'
import { shortHex } from './format'

export function EvidenceAlerts({ evidence }: { evidence: NetworkStatus['evidence'] }) {
  if (evidence.length === 0) return null
  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence alerts</h2>
      <ul>
        {evidence.map((e) => (
          <li key={`${e.height}-${e.witnessHash}`} role="alert">
            {e.message} (height {e.height}: primary {shortHex(e.primaryHash)}, witness{' '}
            {shortHex(e.witnessHash)}). Stop trading on this network and contact its operator.
          </li>
        ))}
      </ul>
    </section>
  )
}
