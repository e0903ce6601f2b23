/**
 * Node types and the yellow-paper encoding for the hexary Merkle Patricia Trie.
 *
 * A node is "clean" once its RLP (`enc`) is known; clean nodes are immutable and may be shared
 * (cache, committed tree). A node with `enc === undefined` is "dirty": it belongs only to the
 * pending tree of one MerkleTrie and may be mutated in place until the next commit.
 */
import { RLP, type NestedUint8Array } from '@ethereumjs/rlp'
import { keccak256 } from '../../protocol/hash'
import { bytesToNibbles, toHex, type Nibbles } from './bytes'

/** Reference to a node by the keccak256 of its RLP (hex computed lazily, then reused). */
export class HashRef {
  readonly hash: Uint8Array
  private hexCache: string | undefined
  constructor(hash: Uint8Array, hex?: string) {
    this.hash = hash
    this.hexCache = hex
  }
  get hex(): string {
    if (this.hexCache === undefined) this.hexCache = toHex(this.hash)
    return this.hexCache
  }
}

/** A child slot: a node object (dirty, or embedded) or a reference to a hashed node. */
export type ChildRef = TrieNode | HashRef

export type TrieNode = LeafNode | ExtensionNode | BranchNode

export const LEAF = 0
export const EXTENSION = 1
export const BRANCH = 2

/** A node whose RLP is shorter than this is embedded in its parent instead of hashed. */
export const INLINE_LIMIT = 32

/** keccak256(RLP("")): the root of a trie with no entries. */
export const EMPTY_ROOT: Uint8Array = keccak256(Uint8Array.of(0x80))

export class LeafNode {
  readonly kind = LEAF
  /** RLP of this node once clean. */
  enc: Uint8Array | undefined = undefined
  /** Set only when enc.length >= 32, i.e. when parents reference this node by hash. */
  hash: HashRef | undefined = undefined
  path: Nibbles
  value: Uint8Array
  constructor(path: Nibbles, value: Uint8Array) {
    this.path = path
    this.value = value
  }
}

export class ExtensionNode {
  readonly kind = EXTENSION
  enc: Uint8Array | undefined = undefined
  hash: HashRef | undefined = undefined
  path: Nibbles
  child: ChildRef
  constructor(path: Nibbles, child: ChildRef) {
    this.path = path
    this.child = child
  }
}

export class BranchNode {
  readonly kind = BRANCH
  enc: Uint8Array | undefined = undefined
  hash: HashRef | undefined = undefined
  children: (ChildRef | undefined)[]
  value: Uint8Array | undefined
  constructor(children?: (ChildRef | undefined)[], value?: Uint8Array) {
    this.children = children ?? new Array<ChildRef | undefined>(16).fill(undefined)
    this.value = value
  }
  /** A dirty copy that can be mutated. */
  copy(): BranchNode {
    return new BranchNode(this.children.slice(), this.value)
  }
}

// ---------------------------------------------------------------------------------------------
// Hex-prefix (compact) path encoding, yellow paper appendix C

export function hexPrefixEncode(path: Nibbles, leaf: boolean): Uint8Array {
  const odd = path.length & 1
  const out = new Uint8Array((path.length >> 1) + 1)
  const flag = (leaf ? 2 : 0) + odd
  let i = 0
  if (odd === 1) {
    out[0] = (flag << 4) | (path[0] as number)
    i = 1
  } else {
    out[0] = flag << 4
  }
  for (let o = 1; i < path.length; i += 2, o++) {
    out[o] = ((path[i] as number) << 4) | (path[i + 1] as number)
  }
  return out
}

interface DecodedPath {
  path: Nibbles
  leaf: boolean
}

function hexPrefixDecode(bytes: Uint8Array): DecodedPath {
  if (bytes.length === 0) throw new Error('trie: empty hex-prefix path')
  const flag = (bytes[0] as number) >> 4
  if (flag > 3) throw new Error(`trie: bad hex-prefix flag ${flag}`)
  const all = bytesToNibbles(bytes)
  return { path: all.subarray((flag & 1) === 1 ? 1 : 2), leaf: flag >= 2 }
}

// ---------------------------------------------------------------------------------------------
// Encoding. A child is written in its parent-item form: 0xa0 ‖ hash for a hashed node, the
// node's own RLP (a list) for an embedded one, 0x80 for an empty slot.

function lengthOfLength(n: number): number {
  let l = 0
  for (; n > 0; n = Math.floor(n / 256)) l++
  return l
}

function bytesItemLength(b: Uint8Array): number {
  if (b.length === 1 && (b[0] as number) < 0x80) return 1
  if (b.length <= 55) return 1 + b.length
  return 1 + lengthOfLength(b.length) + b.length
}

/** Write an RLP string/list header (short = 0x80/0xc0, long = 0xb7/0xf7); returns new offset. */
function writeHeader(out: Uint8Array, o: number, n: number, short: number, long: number): number {
  if (n <= 55) {
    out[o] = short + n
    return o + 1
  }
  const ll = lengthOfLength(n)
  out[o] = long + ll
  for (let i = ll; i >= 1; i--, n = Math.floor(n / 256)) out[o + i] = n & 0xff
  return o + 1 + ll
}

function writeBytesItem(out: Uint8Array, o: number, b: Uint8Array): number {
  if (b.length === 1 && (b[0] as number) < 0x80) {
    out[o] = b[0] as number
    return o + 1
  }
  o = writeHeader(out, o, b.length, 0x80, 0xb7)
  out.set(b, o)
  return o + b.length
}

function childItemLength(c: ChildRef | undefined): number {
  if (c === undefined) return 1
  if (c instanceof HashRef || c.hash !== undefined) return 33
  if (c.enc === undefined) throw new Error('trie: child must be encoded before its parent')
  return c.enc.length
}

function writeChildItem(out: Uint8Array, o: number, c: ChildRef | undefined): number {
  if (c === undefined) {
    out[o] = 0x80
    return o + 1
  }
  const ref = c instanceof HashRef ? c : c.hash
  if (ref !== undefined) {
    out[o] = 0xa0
    out.set(ref.hash, o + 1)
    return o + 33
  }
  const enc = (c as TrieNode).enc as Uint8Array
  out.set(enc, o)
  return o + enc.length
}

function allocList(payload: number): Uint8Array {
  return new Uint8Array((payload <= 55 ? 1 : 1 + lengthOfLength(payload)) + payload)
}

/** RLP of a node whose children are all encoded already (or hash references). */
export function encodeNode(node: TrieNode): Uint8Array {
  if (node.kind === BRANCH) {
    const children = node.children
    const value = node.value
    let payload = value === undefined ? 1 : bytesItemLength(value)
    for (let i = 0; i < 16; i++) payload += childItemLength(children[i])
    const out = allocList(payload)
    let o = writeHeader(out, 0, payload, 0xc0, 0xf7)
    for (let i = 0; i < 16; i++) o = writeChildItem(out, o, children[i])
    if (value === undefined) out[o] = 0x80
    else writeBytesItem(out, o, value)
    return out
  }
  const compact = hexPrefixEncode(node.path, node.kind === LEAF)
  if (node.kind === LEAF) {
    const payload = bytesItemLength(compact) + bytesItemLength(node.value)
    const out = allocList(payload)
    const o = writeBytesItem(out, writeHeader(out, 0, payload, 0xc0, 0xf7), compact)
    writeBytesItem(out, o, node.value)
    return out
  }
  const payload = bytesItemLength(compact) + childItemLength(node.child)
  const out = allocList(payload)
  const o = writeBytesItem(out, writeHeader(out, 0, payload, 0xc0, 0xf7), compact)
  writeChildItem(out, o, node.child)
  return out
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Decode a node persisted under `ref`. */
export function decodeNode(enc: Uint8Array, ref: HashRef): TrieNode {
  const node = fromRaw(RLP.decode(enc))
  node.enc = enc
  if (enc.length >= INLINE_LIMIT) node.hash = ref
  return node
}

function fromRaw(raw: Uint8Array | NestedUint8Array): TrieNode {
  if (raw instanceof Uint8Array) throw new Error('trie: node is not an RLP list')
  if (raw.length === 17) {
    const children = new Array<ChildRef | undefined>(16)
    for (let i = 0; i < 16; i++) children[i] = decodeChild(raw[i] as Uint8Array | NestedUint8Array)
    const v = raw[16]
    if (!(v instanceof Uint8Array)) throw new Error('trie: branch value is not a byte string')
    return new BranchNode(children, v.length === 0 ? undefined : v)
  }
  if (raw.length === 2) {
    const p = raw[0]
    if (!(p instanceof Uint8Array)) throw new Error('trie: node path is not a byte string')
    const { path, leaf } = hexPrefixDecode(p)
    const second = raw[1] as Uint8Array | NestedUint8Array
    if (leaf) {
      if (!(second instanceof Uint8Array)) throw new Error('trie: leaf value is not a byte string')
      return new LeafNode(path, second)
    }
    const child = decodeChild(second)
    if (child === undefined) throw new Error('trie: extension without child')
    return new ExtensionNode(path, child)
  }
  throw new Error(`trie: node list has ${raw.length} items`)
}

function decodeChild(item: Uint8Array | NestedUint8Array): ChildRef | undefined {
  if (item instanceof Uint8Array) {
    if (item.length === 0) return undefined
    if (item.length === 32) return new HashRef(item)
    throw new Error(`trie: child reference of ${item.length} bytes`)
  }
  const node = fromRaw(item)
  node.enc = RLP.encode(item)
  if (node.enc.length >= INLINE_LIMIT) throw new Error('trie: embedded node of 32+ bytes')
  return node
}
