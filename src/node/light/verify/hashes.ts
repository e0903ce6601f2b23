/**
 * Header hashes, remembered per header object: a block is hashed when verified and again when
 * it is the trusted block the next one must link to (sequential sync hashes each header once).
 */
import { headerHash, type Header } from '../../protocol/block'
import type { Hex } from '../../protocol/messages'

const hashes = new WeakMap<Header, Hex>()

/** `headerHash(header)`, computed once per header object (headers are not mutated). */
export function hashOfHeader(header: Header): Hex {
  let hash = hashes.get(header)
  if (hash === undefined) {
    hash = headerHash(header)
    hashes.set(header, hash)
  }
  return hash
}
