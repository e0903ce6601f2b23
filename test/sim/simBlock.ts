/**
 * The simulation's blocks: RLP [height, parentHash, proposer, payload] with random payload bytes,
 * identified by keccak256 of those bytes. The consensus core treats them as opaque; the
 * simulated application accepts a block only at the right height on top of the last decided
 * block, which gives the core real valid(v) verdicts (a Byzantine proposer sends invalid ones).
 */
import { decodeRlpCanonical, encodeRlp, type RlpItem } from '../../src/node/protocol/codec'
import { bigintToBytes, bytesToBigint, fromHex, toHex } from '../../src/node/protocol/hash'
import type { Address, Hex } from '../../src/node/protocol/messages'
import { blockHashOf } from './signer'

export interface SimBlock {
  blockHash: Hex
  block: Uint8Array
}

const MAX_PAYLOAD = 64

export function makeBlock(
  height: bigint,
  parentHash: Hex,
  proposer: Address,
  random: () => number,
): SimBlock {
  const payload = new Uint8Array(8 + Math.floor(random() * 24))
  for (let i = 0; i < payload.length; i++) payload[i] = Math.floor(random() * 256)
  const block = encodeRlp([bigintToBytes(height), fromHex(parentHash), fromHex(proposer), payload])
  return { blockHash: blockHashOf(block), block }
}

/** valid(v): the block decodes, is for `height` and extends `parentHash`. */
export function isValidBlock(block: Uint8Array, height: bigint, parentHash: Hex): boolean {
  let item: RlpItem
  try {
    item = decodeRlpCanonical(block, 'sim block')
  } catch {
    return false
  }
  if (item instanceof Uint8Array || item.length !== 4) return false
  const [h, parent, proposer, payload] = item as Uint8Array[]
  if (!(h instanceof Uint8Array) || !(parent instanceof Uint8Array)) return false
  if (!(proposer instanceof Uint8Array) || !(payload instanceof Uint8Array)) return false
  return (
    bytesToBigint(h) === height &&
    toHex(parent) === parentHash &&
    proposer.length === 20 &&
    payload.length <= MAX_PAYLOAD
  )
}
