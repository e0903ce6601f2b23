/**
 * The Network screen: chain head, light-client sync, peers, validator set, latest blocks and
 * evidence alerts, refreshed every second.
 */
import type { CustosBridge } from '../../shared/bridge'
import { useCustosStore } from '../store'
import { EvidenceAlerts } from './EvidenceAlerts'
import { LatestBlocks } from './LatestBlocks'
import { SyncProgress } from './SyncProgress'
import { useNetworkPolling } from './useNetworkPolling'
import { ValidatorTable } from './ValidatorTable'

export function NetworkScreen({ bridge }: { bridge: CustosBridge }) {
  useNetworkPolling(bridge)
  const status = useCustosStore((s) => s.networkStatus)
  const error = useCustosStore((s) => s.networkError)

  return (
    <section aria-labelledby="network-heading">
      <h1 id="network-heading">Network</h1>
      {error !== undefined && <p role="alert">Could not read the network status. {error}</p>}
      {status === undefined ? (
        error === undefined && <p>Reading the network status…</p>
      ) : (
        <>
          <dl>
            <dt>Mode</dt>
            <dd>{status.mode === 'embedded-devnet' ? 'Embedded devnet (demo)' : 'Remote'}</dd>
            <dt>Chain id</dt>
            <dd>{status.chainId}</dd>
            <dt>Height</dt>
            <dd data-testid="height">{status.height}</dd>
            <dt>Peers</dt>
            <dd data-testid="peers">{status.peers}</dd>
            <dt>Pending transactions</dt>
            <dd>{status.pendingTxs}</dd>
            <dt>Node</dt>
            <dd>
              {status.nodeVersion} at {status.rpcUrl}
            </dd>
          </dl>
          <EvidenceAlerts evidence={status.evidence} />
          <SyncProgress sync={status.sync} />
          <ValidatorTable
            validators={status.validators}
            totalVotingPower={status.totalVotingPower}
          />
          <LatestBlocks blocks={status.latestBlocks} />
        </>
      )}
    </section>
  )
}
