/**
 * The light blocks a client has verified, in memory, by height: the newest is the trusted head
 * syncing continues from; older ones serve proofs at their heights. Beyond `max` blocks the
 * oldest are dropped (never the newest, nor the root).
 */
import type { LightBlock } from './types'

export class VerifiedHeaders {
  private readonly blocks = new Map<bigint, LightBlock>()
  private readonly sortedHeights: bigint[] = []
  private readonly max: number
  private readonly rootHeight: bigint

  constructor(root: LightBlock, max: number) {
    this.max = Math.max(2, max)
    this.rootHeight = root.header.height
    this.add(root)
  }

  add(block: LightBlock): void {
    const height = block.header.height
    if (!this.blocks.has(height)) {
      const heights = this.sortedHeights
      let i = heights.length
      while (i > 0 && (heights[i - 1] as bigint) > height) i--
      heights.splice(i, 0, height)
    }
    this.blocks.set(height, block)
    while (this.sortedHeights.length > this.max) {
      const index = this.sortedHeights[0] === this.rootHeight ? 1 : 0
      const [drop] = this.sortedHeights.splice(index, 1)
      if (drop !== undefined) this.blocks.delete(drop)
    }
  }

  get(height: bigint): LightBlock | undefined {
    return this.blocks.get(height)
  }

  /** The newest verified block. */
  latest(): LightBlock {
    const height = this.sortedHeights[this.sortedHeights.length - 1] as bigint
    return this.blocks.get(height) as LightBlock
  }

  /** The lowest kept block. */
  lowest(): LightBlock {
    return this.blocks.get(this.sortedHeights[0] as bigint) as LightBlock
  }

  /** The highest kept block below `height`, if any. */
  below(height: bigint): LightBlock | undefined {
    for (let i = this.sortedHeights.length - 1; i >= 0; i--) {
      const h = this.sortedHeights[i] as bigint
      if (h < height) return this.blocks.get(h)
    }
    return undefined
  }

  /** Heights kept, ascending. */
  heights(): readonly bigint[] {
    return this.sortedHeights
  }

  get size(): number {
    return this.blocks.size
  }
}
