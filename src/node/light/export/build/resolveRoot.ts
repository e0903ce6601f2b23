/**
 * The trusted root's light block for an export: given, or the recorded block at the root's
 * height, and in either case hashing to the root. A commit without signatures (genesis, whose
 * trust comes from the genesis document) is left out of the bundle.
 */
import { headerHash } from '../../../protocol/block'
import type { BundleLightBlock } from '../bundle/lightBlockJson'
import { NoHeaderPath } from '../errors'
import type { TrustedRoot } from '../trustedRoot'
import type { ExportSource } from './source'

export function resolveRoot(
  source: ExportSource,
  root: TrustedRoot,
  given?: BundleLightBlock,
): BundleLightBlock {
  const recorded = source.block(root.height)
  const block = given ?? recorded
  if (!block)
    throw new NoHeaderPath(root.height, 'the trusted root block is not recorded and was not given')
  const hash = headerHash(block.header)
  if (block.header.height !== root.height || hash !== root.hash.toLowerCase())
    throw new NoHeaderPath(
      root.height,
      `the block at the trusted root's height hashes to ${hash}, not ${root.hash}`,
    )
  const commit = block.commit && block.commit.signatures.length > 0 ? block.commit : null
  return { header: block.header, commit, validators: block.validators }
}
