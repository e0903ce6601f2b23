import { z } from 'zod'
import { getValidators } from '../../state/validators/validators'
import type { StatusAnswer } from '../answers'
import { publicMethod } from '../method'

/** Chain id, head, validator set and the node's own status. */
export const status = publicMethod({
  name: 'custos_status',
  params: z.strictObject({}),
  handle(_params, { ctx }): StatusAnswer {
    const { chain } = ctx.backend
    const head = chain.head()
    const validators = getValidators(chain.state())
    const node = ctx.backend.status()
    return {
      chainId: chain.domain.chainId.toString(),
      verifyingContract: chain.domain.verifyingContract,
      height: head.height.toString(),
      latestBlockHash: head.hash,
      latestBlockTimeMs: head.header.timeMs.toString(),
      stateRoot: head.header.stateRoot,
      validators: validators.map((v) => ({ address: v.address, power: v.power.toString() })),
      totalVotingPower: validators.reduce((sum, v) => sum + v.power, 0n).toString(),
      peers: node.peers,
      syncing: node.syncing,
      validator: node.validator,
      version: node.version,
      pendingTxs: chain.pendingCount(),
    }
  },
})
