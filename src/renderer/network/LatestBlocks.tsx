/** The latest blocks, newest first: height, hash, time, proposer and transaction count. */
import type { NetworkStatus } from '../../shared/ipc'
import { blockTime, shortHex } from './format'

export function LatestBlocks({ blocks }: { blocks: NetworkStatus['latestBlocks'] }) {
  return (
    <section aria-labelledby="blocks-heading">
      <h2 id="blocks-heading">Latest blocks</h2>
      {blocks.length === 0 ? (
        <p>No blocks yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Height</th>
              <th scope="col">Hash</th>
              <th scope="col">Time</th>
              <th scope="col">Proposer</th>
              <th scope="col">Txs</th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((b) => (
              <tr key={b.hash}>
                <td>{b.height}</td>
                <td title={b.hash}>{shortHex(b.hash)}</td>
                <td>{blockTime(b.timeMs)}</td>
                <td title={b.proposer}>{shortHex(b.proposer)}</td>
                <td>{b.txCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
