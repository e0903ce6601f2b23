import { commonPrefix, type Nibbles } from './bytes'
import { EXTENSION, HashRef, LEAF, type ChildRef, type TrieNode } from './nodes'

/** Loads the node behind a child slot (from memory, cache or the node source). */
export type NodeResolver = (ref: ChildRef) => TrieNode

/**
 * EIP-1186 style proof: the RLP of every node on `path` that is referenced by hash, root
 * first (the root is always included, whatever its size). Embedded nodes travel inside their
 * parent's RLP. The walk stops where the path leaves the trie, which makes the same list a
 * proof of absence. An empty trie gives an empty list.
 */
export function collectProof(
  root: ChildRef | undefined,
  path: Nibbles,
  resolve: NodeResolver,
): Uint8Array[] {
  const proof: Uint8Array[] = []
  let ref = root
  let pos = 0
  while (ref !== undefined) {
    const node = resolve(ref)
    if (ref === root || ref instanceof HashRef || node.hash !== undefined) {
      if (node.enc === undefined) throw new Error('trie: cannot prove through an uncommitted node')
      proof.push(node.enc)
    }
    if (node.kind === LEAF) break
    if (node.kind === EXTENSION) {
      if (commonPrefix(node.path, path, pos) !== node.path.length) break
      pos += node.path.length
      ref = node.child
    } else {
      if (pos === path.length) break
      ref = node.children[path[pos++] as number]
    }
  }
  return proof
}
