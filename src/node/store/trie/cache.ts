import type { TrieNode } from './nodes'

/**
 * Bounded map of decoded clean nodes by hex hash. When full, the oldest eighth (insertion
 * order) is dropped: hot upper nodes are re-inserted on every commit that changes them, so they
 * stay young.
 */
export class NodeCache {
  private readonly map = new Map<string, TrieNode>()
  private readonly cap: number

  constructor(cap: number) {
    this.cap = Math.max(16, Math.floor(cap))
  }

  get size(): number {
    return this.map.size
  }

  get(hex: string): TrieNode | undefined {
    return this.map.get(hex)
  }

  set(hex: string, node: TrieNode): void {
    if (this.map.size >= this.cap) {
      let drop = Math.max(1, this.cap >> 3)
      for (const k of this.map.keys()) {
        this.map.delete(k)
        if (--drop <= 0) break
      }
    }
    this.map.set(hex, node)
  }
}
