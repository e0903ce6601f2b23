import { bytesToNibbles, commonPrefix, concatNibbles, toHex, type Nibbles } from './bytes'
import { bytesEqual, keccak256 } from '../../protocol/hash'
import { NodeCache } from './cache'
import {
  BRANCH,
  BranchNode,
  EMPTY_ROOT,
  EXTENSION,
  ExtensionNode,
  HashRef,
  INLINE_LIMIT,
  LEAF,
  LeafNode,
  decodeNode,
  encodeNode,
  type ChildRef,
  type TrieNode,
} from './nodes'
import { collectProof } from './prove'

/** Reads persisted trie nodes by their 32-byte hash; returns undefined if missing. */
export interface TrieNodeSource {
  getNode(hash: Uint8Array): Uint8Array | undefined
}

export interface TrieCommit {
  root: Uint8Array
  /** new nodes to persist: hex hash (no 0x, lowercase) -> RLP */
  nodes: Map<string, Uint8Array>
}

export interface MerkleTrieOptions {
  /** Hash keys with keccak256 before insertion (Ethereum "secure" trie). Default true. */
  keyHashing?: boolean
  /** Max decoded nodes kept in memory. Default 200,000. */
  cacheSize?: number
}

const DEFAULT_CACHE_SIZE = 200_000

/**
 * Ethereum-compatible (secure) hexary Merkle Patricia Trie with batched, synchronous updates.
 *
 * Updates are kept in memory; `commit()` hashes each dirty node once. Children are referenced
 * as in the yellow paper, appendix D:
 *   "n(I, i) ≡ () if I = ∅;  c(I, i) if ‖RLP(c(I, i))‖ < 32;  KEC(RLP(c(I, i))) otherwise"
 * i.e. a node whose RLP is under 32 bytes is embedded in its parent, any other node is
 * referenced by keccak256 of its RLP; the root is always referenced by its hash. Roots match
 * @ethereumjs/mpt with `useKeyHashing: true`. Values returned by `get` must not be mutated.
 */
export class MerkleTrie {
  private readonly source: TrieNodeSource
  private readonly keyHashing: boolean
  private readonly cache: NodeCache
  private committedRoot: Uint8Array = EMPTY_ROOT
  /** Root of the committed trie (clean, immutable), or undefined when empty. */
  private committedNode: ChildRef | undefined = undefined
  /** Root of the working trie; equals committedNode when there are no pending updates. */
  private pending: ChildRef | undefined = undefined

  constructor(source: TrieNodeSource, root?: Uint8Array, options: MerkleTrieOptions = {}) {
    this.source = source
    this.keyHashing = options.keyHashing ?? true
    this.cache = new NodeCache(options.cacheSize ?? DEFAULT_CACHE_SIZE)
    if (root !== undefined) this.setRoot(root)
  }

  /** Last committed root. */
  get root(): Uint8Array {
    return this.committedRoot.slice()
  }

  /** Jump to another committed root, dropping uncommitted updates. */
  setRoot(root: Uint8Array): void {
    if (root.length !== 32) throw new Error(`trie root must be 32 bytes, got ${root.length}`)
    this.committedRoot = root.slice()
    this.committedNode = bytesEqual(root, EMPTY_ROOT) ? undefined : new HashRef(this.committedRoot)
    this.pending = this.committedNode
  }

  /** Value for `key`, including uncommitted updates. */
  get(key: Uint8Array): Uint8Array | undefined {
    return this.lookup(this.pending, this.keyPath(key))
  }

  put(key: Uint8Array, value: Uint8Array): void {
    if (value.length === 0) throw new Error('trie: value must be non-empty (use del to remove)')
    this.pending = this.insert(this.pending, this.keyPath(key), 0, value.slice())
  }

  del(key: Uint8Array): void {
    this.pending = this.remove(this.pending, this.keyPath(key), 0)
  }

  /** Drop uncommitted updates. */
  discard(): void {
    this.pending = this.committedNode
  }

  /** Hash every dirty node once; returns the new root and the nodes to persist. */
  commit(): TrieCommit {
    const nodes = new Map<string, Uint8Array>()
    const root = this.pending
    if (root === this.committedNode) return { root: this.committedRoot.slice(), nodes }
    let rootHash: Uint8Array
    if (root === undefined) {
      rootHash = EMPTY_ROOT
    } else if (root instanceof HashRef) {
      rootHash = root.hash.slice()
    } else {
      this.hashNode(root, nodes)
      if (root.hash !== undefined) {
        rootHash = root.hash.hash.slice()
      } else {
        // A small root is still referenced by hash (but stays embeddable, so no node.hash).
        const enc = root.enc as Uint8Array
        rootHash = keccak256(enc)
        const hex = toHex(rootHash)
        nodes.set(hex, enc)
        this.cache.set(hex, root)
      }
    }
    this.committedRoot = rootHash
    this.committedNode = root
    return { root: rootHash.slice(), nodes }
  }

  /**
   * EIP-1186 style proof for `key` against the last committed root: RLP of the hashed nodes on
   * the key's path, root first. Also a proof of absence when the key is missing.
   */
  prove(key: Uint8Array): Uint8Array[] {
    return collectProof(this.committedNode, this.keyPath(key), (ref) => this.resolve(ref))
  }

  // -------------------------------------------------------------------------------------------

  private keyPath(key: Uint8Array): Nibbles {
    return bytesToNibbles(this.keyHashing ? keccak256(key) : key)
  }

  private resolve(ref: ChildRef): TrieNode {
    if (!(ref instanceof HashRef)) return ref
    const hex = ref.hex
    const cached = this.cache.get(hex)
    if (cached !== undefined) return cached
    const enc = this.source.getNode(ref.hash)
    if (enc === undefined) throw new Error(`trie node ${hex} missing`)
    const node = decodeNode(enc, ref)
    this.cache.set(hex, node)
    return node
  }

  private lookup(start: ChildRef | undefined, key: Nibbles): Uint8Array | undefined {
    let ref = start
    let pos = 0
    while (ref !== undefined) {
      const node = this.resolve(ref)
      if (node.kind === LEAF) {
        const n = node.path.length
        return n === key.length - pos && commonPrefix(node.path, key, pos) === n
          ? node.value
          : undefined
      }
      if (node.kind === EXTENSION) {
        if (commonPrefix(node.path, key, pos) !== node.path.length) return undefined
        pos += node.path.length
        ref = node.child
      } else {
        if (pos === key.length) return node.value
        ref = node.children[key[pos++] as number]
      }
    }
    return undefined
  }

  /** Insert below `ref`; returns `ref` itself when nothing changed. Dirty nodes are reused. */
  private insert(
    ref: ChildRef | undefined,
    key: Nibbles,
    pos: number,
    value: Uint8Array,
  ): ChildRef {
    if (ref === undefined) return new LeafNode(key.subarray(pos), value)
    const node = this.resolve(ref)
    if (node.kind === BRANCH) {
      if (pos === key.length) {
        if (node.value !== undefined && bytesEqual(node.value, value)) return ref
        const target = node.enc === undefined ? node : node.copy()
        target.value = value
        return target
      }
      const idx = key[pos] as number
      const old = node.children[idx]
      const child = this.insert(old, key, pos + 1, value)
      if (child === old) return ref
      const target = node.enc === undefined ? node : node.copy()
      target.children[idx] = child
      return target
    }
    const path = node.path
    const m = commonPrefix(path, key, pos)
    if (node.kind === EXTENSION && m === path.length) {
      const child = this.insert(node.child, key, pos + m, value)
      if (child === node.child) return ref
      if (node.enc === undefined) {
        node.child = child
        return node
      }
      return new ExtensionNode(path, child)
    }
    const rest = key.length - pos
    if (node.kind === LEAF && m === path.length && m === rest) {
      if (bytesEqual(node.value, value)) return ref
      if (node.enc === undefined) {
        node.value = value
        return node
      }
      return new LeafNode(path, value)
    }
    // Paths diverge after m nibbles: a branch at the divergence point, under an extension if m > 0.
    const branch = new BranchNode()
    if (m === path.length) {
      // only a leaf can end here (extensions were handled above)
      branch.value = (node as LeafNode).value
    } else {
      const tail = path.subarray(m + 1)
      branch.children[path[m] as number] =
        node.kind === LEAF
          ? new LeafNode(tail, node.value)
          : tail.length === 0
            ? node.child
            : new ExtensionNode(tail, node.child)
    }
    if (m === rest) branch.value = value
    else branch.children[key[pos + m] as number] = new LeafNode(key.subarray(pos + m + 1), value)
    return m === 0 ? branch : new ExtensionNode(path.subarray(0, m), branch)
  }

  /** Delete below `ref`; returns `ref` itself when the key was absent. */
  private remove(ref: ChildRef | undefined, key: Nibbles, pos: number): ChildRef | undefined {
    if (ref === undefined) return undefined
    const node = this.resolve(ref)
    if (node.kind === LEAF) {
      const n = node.path.length
      const hit = n === key.length - pos && commonPrefix(node.path, key, pos) === n
      return hit ? undefined : ref
    }
    if (node.kind === EXTENSION) {
      const n = node.path.length
      if (commonPrefix(node.path, key, pos) !== n) return ref
      const child = this.remove(node.child, key, pos + n)
      if (child === node.child) return ref
      if (child === undefined) throw new Error('trie: extension child vanished')
      return this.prefixed(node.path, child)
    }
    let target: BranchNode
    if (pos === key.length) {
      if (node.value === undefined) return ref
      target = node.enc === undefined ? node : node.copy()
      target.value = undefined
    } else {
      const idx = key[pos] as number
      const old = node.children[idx]
      if (old === undefined) return ref
      const child = this.remove(old, key, pos + 1)
      if (child === old) return ref
      target = node.enc === undefined ? node : node.copy()
      target.children[idx] = child
    }
    // Collapse a branch left with a single entry.
    let only = -1
    let count = target.value === undefined ? 0 : 1
    for (let i = 0; i < 16; i++) {
      if (target.children[i] !== undefined) {
        count++
        only = i
      }
    }
    if (count >= 2) return target
    if (only < 0) return new LeafNode(new Uint8Array(0), target.value as Uint8Array)
    return this.prefixed(Uint8Array.of(only), target.children[only] as ChildRef)
  }

  /** The node `ref` reached through `prefix`, merged into a leaf/extension where possible. */
  private prefixed(prefix: Nibbles, ref: ChildRef): ChildRef {
    const child = this.resolve(ref)
    if (child.kind === LEAF) return new LeafNode(concatNibbles(prefix, child.path), child.value)
    if (child.kind === EXTENSION) {
      return new ExtensionNode(concatNibbles(prefix, child.path), child.child)
    }
    return new ExtensionNode(prefix, ref)
  }

  /** Encode (and hash, if 32+ bytes) a dirty subtree bottom-up, recording new nodes. */
  private hashNode(node: TrieNode, nodes: Map<string, Uint8Array>): void {
    if (node.enc !== undefined) return
    if (node.kind === BRANCH) {
      const children = node.children
      for (let i = 0; i < 16; i++) {
        const c = children[i]
        if (c === undefined || c instanceof HashRef) continue
        this.hashNode(c, nodes)
        if (c.hash !== undefined) children[i] = c.hash
      }
    } else if (node.kind === EXTENSION) {
      const c = node.child
      if (!(c instanceof HashRef)) {
        this.hashNode(c, nodes)
        if (c.hash !== undefined) node.child = c.hash
      }
    }
    const enc = encodeNode(node)
    node.enc = enc
    if (enc.length >= INLINE_LIMIT) {
      const hash = keccak256(enc)
      const hex = toHex(hash)
      node.hash = new HashRef(hash, hex)
      nodes.set(hex, enc)
      this.cache.set(hex, node)
    }
  }
}
