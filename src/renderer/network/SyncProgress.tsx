/** The light client's verified height against the head, as a labelled progress bar. */
import type { NetworkStatus } from '../../shared/ipc'

export function SyncProgress({ sync }: { sync: NetworkStatus['sync'] }) {
  const percent = Math.round(Math.min(1, Math.max(0, sync.progress)) * 100)
  return (
    <section aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync</h2>
      <progress aria-label="Verified height" max={100} value={percent} style={{ width: '100%' }} />
      <p>
        Verified <span data-testid="verified-height">{sync.verifiedHeight}</span> of{' '}
        <span data-testid="target-height">{sync.targetHeight}</span> ({percent}%)
      </p>
      {sync.error !== undefined && (
        <p role="alert">
          Sync stopped: {sync.error}. Custos retries on its own; if this stays, check the network
          nodes.
        </p>
      )}
    </section>
  )
}
