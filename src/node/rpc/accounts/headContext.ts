import type { Snapshot } from '../snapshot'
import type { Chain } from '../../chain/Chain'

/**
 * Height and block time (unix seconds) of the head the snapshot reads: what explanations of
 * open proposals measure timelocks and expiries against, the same clock the chain uses.
 */
export function headContext(chain: Chain, snapshot: Snapshot): { height: bigint; time: bigint } {
  return { height: snapshot.height, time: chain.head().header.timeMs / 1000n }
}
