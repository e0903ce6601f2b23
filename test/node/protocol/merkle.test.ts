import { describe, expect, it } from 'vitest'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { merkleProof, merkleRoot, verifyMerkleProof } from '../../../src/node/protocol/merkle'

/** Distinct 32-byte leaves (like transaction ids). */
function leavesOf(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => keccak_256(Uint8Array.of(0xaa, i)))
}

const leafHash = (x: Uint8Array): Uint8Array => keccak_256(Uint8Array.of(0, ...x))
const innerHash = (l: Uint8Array, r: Uint8Array): Uint8Array =>
  keccak_256(Uint8Array.of(1, ...l, ...r))

const SIZES = Array.from({ length: 33 }, (_, i) => i + 1)

describe('merkleRoot (RFC 6962 shape)', () => {
  it('of no leaves is keccak256 of the empty string', () => {
    expect(merkleRoot([])).toEqual(keccak_256(new Uint8Array(0)))
  })

  it('follows the leaf/inner hash definitions and splits at the largest power of two < n', () => {
    const [a, b, c, d, e] = leavesOf(5) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ]
    expect(merkleRoot([a])).toEqual(leafHash(a))
    expect(merkleRoot([a, b])).toEqual(innerHash(leafHash(a), leafHash(b)))
    // n = 3: k = 2 → (a b) c
    expect(merkleRoot([a, b, c])).toEqual(
      innerHash(innerHash(leafHash(a), leafHash(b)), leafHash(c)),
    )
    // n = 5: k = 4 → ((a b)(c d)) e
    expect(merkleRoot([a, b, c, d, e])).toEqual(
      innerHash(
        innerHash(innerHash(leafHash(a), leafHash(b)), innerHash(leafHash(c), leafHash(d))),
        leafHash(e),
      ),
    )
  })

  it('a leaf cannot pose as an inner node (domain separation)', () => {
    const [a, b] = leavesOf(2) as [Uint8Array, Uint8Array]
    const concatenated = Uint8Array.of(...leafHash(a), ...leafHash(b))
    expect(merkleRoot([concatenated])).not.toEqual(merkleRoot([a, b]))
  })

  it('depends on order and on every leaf', () => {
    const leaves = leavesOf(7)
    const root = merkleRoot(leaves)
    expect(merkleRoot([...leaves].reverse())).not.toEqual(root)
    for (let i = 0; i < leaves.length; i++) {
      const changed = leaves.slice()
      changed[i] = keccak_256(Uint8Array.of(0xbb, i))
      expect(merkleRoot(changed)).not.toEqual(root)
    }
    expect(merkleRoot(leaves.slice(0, 6))).not.toEqual(root)
  })
})

describe('merkleProof / verifyMerkleProof', () => {
  it.each(SIZES)('n = %i: every leaf proof verifies', (n) => {
    const leaves = leavesOf(n)
    const root = merkleRoot(leaves)
    leaves.forEach((leaf, i) => {
      const path = merkleProof(leaves, i)
      expect(verifyMerkleProof(root, leaf, i, n, path)).toBe(true)
      expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)))
    })
  })

  it.each(SIZES)(
    'n = %i: wrong index, wrong leaf, truncated/extended path and flipped bytes fail',
    (n) => {
      const leaves = leavesOf(n)
      const root = merkleRoot(leaves)
      const stranger = keccak_256(Uint8Array.of(0xcc))
      leaves.forEach((leaf, i) => {
        const path = merkleProof(leaves, i)
        for (let j = 0; j < n; j++) {
          if (j !== i)
            expect(verifyMerkleProof(root, leaf, j, n, path), `index ${j} for ${i}`).toBe(false)
        }
        expect(verifyMerkleProof(root, leaf, -1, n, path)).toBe(false)
        expect(verifyMerkleProof(root, leaf, n, n, path)).toBe(false)
        expect(verifyMerkleProof(root, stranger, i, n, path)).toBe(false)
        const other = leaves[(i + 1) % n] as Uint8Array
        if (n > 1) expect(verifyMerkleProof(root, other, i, n, path)).toBe(false)
        if (path.length > 0) {
          expect(verifyMerkleProof(root, leaf, i, n, path.slice(1))).toBe(false)
          expect(verifyMerkleProof(root, leaf, i, n, path.slice(0, -1))).toBe(false)
        }
        expect(verifyMerkleProof(root, leaf, i, n, [...path, root])).toBe(false)
        expect(verifyMerkleProof(root, leaf, i, n, [stranger, ...path])).toBe(false)
        // flip one bit of each sibling in turn, of the leaf and of the root
        path.forEach((_, k) => {
          const flipped = path.map((h) => h.slice())
          ;(flipped[k] as Uint8Array)[k % 32] ^= 0x01
          expect(verifyMerkleProof(root, leaf, i, n, flipped)).toBe(false)
        })
        const flippedLeaf = leaf.slice()
        flippedLeaf[31] = (flippedLeaf[31] ?? 0) ^ 0x80
        expect(verifyMerkleProof(root, flippedLeaf, i, n, path)).toBe(false)
        const flippedRoot = root.slice()
        flippedRoot[0] = (flippedRoot[0] ?? 0) ^ 0x01
        expect(verifyMerkleProof(flippedRoot, leaf, i, n, path)).toBe(false)
      })
    },
  )

  it('merkleProof refuses an index out of range', () => {
    expect(() => merkleProof(leavesOf(3), 3)).toThrow(RangeError)
    expect(() => merkleProof(leavesOf(3), -1)).toThrow(RangeError)
    expect(() => merkleProof([], 0)).toThrow(RangeError)
  })

  it('verifyMerkleProof refuses an index against an empty tree', () => {
    expect(verifyMerkleProof(merkleRoot([]), new Uint8Array(32), 0, 0, [])).toBe(false)
  })
})
