/** Resolving the `height` param of block methods (absent: the head). */
import type { Chain } from '../../chain/Chain'
import type { Header } from '../../protocol/block'
import { notFound } from '../errors'
import { uint64 } from '../params'

export const optionalHeight = uint64.optional()

export function resolveHeight(chain: Chain, height: bigint | undefined): bigint {
  const head = chain.head().height
  if (height === undefined) return head
  if (height > head) throw notFound('block', `no block at height ${height}; the head is ${head}`)
  return height
}

export function requireHeader(chain: Chain, height: bigint): Header {
  const header = chain.store.header(height)
  if (!header) throw notFound('block', `no block at height ${height}`)
  return header
}
