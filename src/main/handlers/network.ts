/**
 * `custos:network-status`: the node's view (head, peers, validators with power, pending
 * transactions), the light client's verified height, the latest headers and fork alerts.
 */
import type { HeaderJson } from '../../node/rpc/json'
import type { Handler } from './types'

interface HeadersAnswer {
  head: string
  headers: HeaderJson[]
}

export const networkStatus: Handler<'custos:network-status'> = async (services, request) => {
  const status = await services.rpc.status()
  const head = BigInt(status.height)
  const count = BigInt(request.latestBlocks ?? 10)
  const from = head - count + 1n > 1n ? head - count + 1n : 1n
  const headers =
    count === 0n || head < 1n
      ? []
      : (
          await services.rpc.call<HeadersAnswer>('custos_getHeaders', {
            from: from.toString(),
            to: head.toString(),
          })
        ).headers
  const blockCounts = await Promise.all(headers.map((h) => txCount(services, h.height)))
  const verified = services.light.verifiedHeight()
  const syncError = services.light.lastError()
  const target = services.light.targetHeight() > head ? services.light.targetHeight() : head
  return {
    mode: services.mode,
    chainId: status.chainId,
    rpcUrl: services.rpcUrl,
    height: status.height,
    latestBlockTimeMs: status.latestBlockTimeMs,
    peers: status.peers,
    pendingTxs: status.pendingTxs,
    nodeVersion: status.version,
    sync: {
      verifiedHeight: verified.toString(),
      targetHeight: target.toString(),
      progress: target === 0n ? 1 : Math.min(1, Number(verified) / Number(target)),
      ...(syncError === undefined ? {} : { error: syncError.message }),
    },
    validators: status.validators.map((v) => {
      const name = services.validatorNames.get(v.address)
      return name === undefined ? v : { ...v, name }
    }),
    totalVotingPower: status.totalVotingPower,
    latestBlocks: headers
      .map((h, i) => ({
        height: h.height,
        hash: h.hash,
        timeMs: h.timeMs,
        proposer: h.proposer as `0x${string}`,
        txCount: blockCounts[i] ?? 0,
      }))
      .reverse(),
    evidence: services.light.evidence().map((alert) => ({
      ...alert,
      height: alert.height.toString(),
    })),
  }
}

async function txCount(
  services: Parameters<typeof networkStatus>[0],
  height: string,
): Promise<number> {
  const block = await services.rpc.call<{ txIds: string[] }>('custos_getBlock', { height })
  return block.txIds.length
}
