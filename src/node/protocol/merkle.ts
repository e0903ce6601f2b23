/**
 * Binary Merkle tree over a list of leaves (transaction ids in a block), RFC 6962 style:
 *   leafHash(x) = keccak256(0x00 ‖ x), innerHash(l, r) = keccak256(0x01 ‖ l ‖ r),
 * the list is split at the largest power of two below its length; the root of no leaves is
 * keccak256 of the empty string. Domain separation keeps a leaf from posing as an inner node.
 */
import { bytesEqual, concatBytes, keccak256 } from './hash'

const LEAF = Uint8Array.of(0)
const INNER = Uint8Array.of(1)

function leafHash(leaf: Uint8Array): Uint8Array {
  return keccak256(concatBytes(LEAF, leaf))
}

function innerHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keccak256(concatBytes(INNER, left, right))
}

function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return keccak256(new Uint8Array(0))
  if (leaves.length === 1) return leafHash(leaves[0] as Uint8Array)
  const k = splitPoint(leaves.length)
  return innerHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)))
}

/** Audit path for leaf `index`: sibling hashes from the leaf up to the root. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} out of range`)
  if (leaves.length === 1) return []
  const k = splitPoint(leaves.length)
  return index < k
    ? [...merkleProof(leaves.slice(0, k), index), merkleRoot(leaves.slice(k))]
    : [...merkleProof(leaves.slice(k), index - k), merkleRoot(leaves.slice(0, k))]
}

export function verifyMerkleProof(
  root: Uint8Array,
  leaf: Uint8Array,
  index: number,
  total: number,
  path: readonly Uint8Array[],
): boolean {
  const compute = (idx: number, n: number, depth: number): Uint8Array | undefined => {
    if (n === 1) return depth === path.length ? leafHash(leaf) : undefined
    const k = splitPoint(n)
    const sibling = path[path.length - 1 - depth]
    if (!sibling) return undefined
    if (idx < k) {
      const left = compute(idx, k, depth + 1)
      return left && innerHash(left, sibling)
    }
    const right = compute(idx - k, n - k, depth + 1)
    return right && innerHash(sibling, right)
  }
  if (index < 0 || index >= total) return false
  const computed = compute(index, total, 0)
  return computed !== undefined && bytesEqual(computed, root)
}
