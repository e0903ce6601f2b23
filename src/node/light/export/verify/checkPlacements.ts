/**
 * Transactions of one block must agree on where they sit: the same transaction count, and
 * each its own index. (A header's txRoot commits to the ids in order, not to their number, so
 * a count is only as good as the records that agree on it.) When records disagree, those
 * against the most common count fail, or all of them when no count has a majority of votes;
 * records sharing an index all fail.
 */
import type { TxPlacement } from './verifyRecord'

export interface PlacedRecord {
  /** Index of the record in the bundle. */
  index: number
  placement: TxPlacement
}

/** Bundle index → why its placement contradicts another record of its block. */
export function checkPlacements(records: readonly PlacedRecord[]): Map<number, string> {
  const byBlock = new Map<string, PlacedRecord[]>()
  for (const r of records) {
    const list = byBlock.get(r.placement.height)
    if (list) list.push(r)
    else byBlock.set(r.placement.height, [r])
  }
  const conflicts = new Map<number, string>()
  for (const [height, list] of byBlock) {
    const votes = new Map<number, number>()
    for (const { placement } of list)
      votes.set(placement.txCount, (votes.get(placement.txCount) ?? 0) + 1)
    const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1])
    const [top, second] = ranked
    const agreed = top && (!second || top[1] > second[1]) ? top[0] : undefined
    if (ranked.length > 1)
      for (const { index, placement } of list)
        if (placement.txCount !== agreed)
          conflicts.set(
            index,
            `it says block ${height} has ${placement.txCount} transactions; other records of ` +
              `the block say ${ranked
                .filter(([n]) => n !== placement.txCount)
                .map(([n]) => n)
                .join(' or ')}`,
          )
    const byIndex = new Map<number, number[]>()
    for (const { index, placement } of list)
      byIndex.set(placement.index, [...(byIndex.get(placement.index) ?? []), index])
    for (const [position, indexes] of byIndex)
      if (indexes.length > 1)
        for (const index of indexes)
          if (!conflicts.has(index))
            conflicts.set(
              index,
              `${indexes.length} transactions of block ${height} claim index ${position}`,
            )
  }
  return conflicts
}
