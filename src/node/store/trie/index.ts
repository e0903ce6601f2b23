export { MerkleTrie } from './MerkleTrie'
export type { MerkleTrieOptions, TrieCommit, TrieNodeSource } from './MerkleTrie'
export { EMPTY_ROOT } from './nodes'
