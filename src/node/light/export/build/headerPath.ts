/**
 * Chooses the light blocks a bundle carries: from the trusted root, a sequence of recorded
 * blocks in which each follows from the one before by the adjacent or skipping rule, through
 * every height a record needs. Like the light client's bisection (CometBFT light client,
 * "Skipping verification"): try to reach a needed block directly; if the trusted set's power
 * behind it is too small, go through the recorded block halfway there, and so on.
 * Each step is checked with the verifier's own rules, so the verifier accepts the sequence.
 */
import type { CustosDomain } from '../../../protocol/eip712'
import type { RecoverAddress } from '../../../protocol/signature'
import type { BundleLightBlock, LightStep } from '../bundle/lightBlockJson'
import { NoHeaderPath } from '../errors'
import { LightStepError, memoRecover, verifyLightStep } from '../verify/lightSteps'
import type { ExportSource } from './source'

export interface PathBlock {
  block: BundleLightBlock
  step: LightStep
}

export interface HeaderPathParameters {
  source: ExportSource
  root: BundleLightBlock
  /** Heights to reach, any order; those below the root cannot be proven and throw. */
  heights: Iterable<bigint>
  domain: CustosDomain
  recover?: RecoverAddress
}

/** Recorded heights strictly between two blocks (from the records, in order). */
function heightsBetween(source: ExportSource, low: BundleLightBlock, high: BundleLightBlock) {
  const heights: bigint[] = []
  const records = source.iterateRecords({
    types: ['block'],
    from: Number(low.header.timeMs) + 1,
    to: Number(high.header.timeMs),
  })
  for (const record of records) if (record.type === 'block') heights.push(record.height)
  return heights
}

export function headerPath(params: HeaderPathParameters): PathBlock[] {
  const { source, root } = params
  const path: PathBlock[] = [{ block: root, step: 'trusted-root' }]
  const recover = memoRecover(params.recover)
  const load = (height: bigint): BundleLightBlock => {
    const record = source.block(height)
    if (!record) throw new NoHeaderPath(height, `block ${height} is not recorded`)
    return { header: record.header, commit: record.commit, validators: record.validators }
  }
  const follows = (trusted: BundleLightBlock, untrusted: BundleLightBlock): boolean => {
    try {
      verifyLightStep({ domain: params.domain, trusted, untrusted, recover })
      return true
    } catch (error) {
      if (error instanceof LightStepError) return false
      throw error
    }
  }
  const push = (block: BundleLightBlock) => {
    const last = path[path.length - 1] as PathBlock
    const adjacent = block.header.height === last.block.header.height + 1n
    path.push({ block, step: adjacent ? 'adjacent' : 'skipping' })
  }
  /** Appends a sequence from the path's last block to `target` (bisecting over `between`). */
  const reach = (target: BundleLightBlock, between: () => bigint[]): void => {
    const last = (path[path.length - 1] as PathBlock).block
    if (follows(last, target)) return push(target)
    const candidates = between()
    if (candidates.length === 0)
      throw new NoHeaderPath(
        target.header.height,
        `block ${target.header.height} does not follow from block ${last.header.height} ` +
          'and no recorded block lies between them',
      )
    const middle = Math.floor(candidates.length / 2)
    const pivot = load(candidates[middle] as bigint)
    reach(pivot, () => candidates.slice(0, middle))
    reach(target, () => candidates.slice(middle + 1))
  }

  const wanted = [...new Set([...params.heights].map(String))]
    .map(BigInt)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  for (const height of wanted) {
    const rootHeight = root.header.height
    if (height < rootHeight)
      throw new NoHeaderPath(height, `it is below the trusted root at height ${rootHeight}`)
    if (height === rootHeight) continue
    const last = (path[path.length - 1] as PathBlock).block
    const target = load(height)
    reach(target, () => heightsBetween(source, last, target))
  }
  return path
}
