import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { P2PError } from './errors'

/** Length of a node key: a raw secp256k1 private key. */
export const NODE_KEY_BYTES = 32

/**
 * The libp2p private key of a node key (a 32-byte secp256k1 private key).
 *
 * @throws P2PError `INVALID_NODE_KEY` when the bytes are not a valid secp256k1 scalar.
 */
export function privateKeyFromNodeKey(nodeKey: Uint8Array): PrivateKey {
  if (!(nodeKey instanceof Uint8Array) || nodeKey.length !== NODE_KEY_BYTES) {
    throw new P2PError('INVALID_NODE_KEY', `A node key is ${NODE_KEY_BYTES} bytes`, {
      details: { length: nodeKey?.length },
    })
  }
  try {
    const key = privateKeyFromRaw(nodeKey)
    if (key.type !== 'secp256k1') throw new Error(`unexpected key type ${key.type}`)
    return key
  } catch (cause) {
    throw new P2PError('INVALID_NODE_KEY', 'The node key is not a valid secp256k1 private key', {
      cause,
    })
  }
}

/**
 * The peer id (base58btc, `16Uiu2…`) a node key gives, for listing peers in config files.
 *
 * @example
 * ```ts
 * const id = peerIdFromNodeKey(hexToBytes(config.nodeKey))
 * // '16Uiu2HAm…'
 * ```
 * @throws P2PError `INVALID_NODE_KEY`
 */
export function peerIdFromNodeKey(nodeKey: Uint8Array): string {
  return peerIdFromPrivateKey(privateKeyFromNodeKey(nodeKey)).toString()
}

/**
 * Parses a peer id string.
 *
 * @throws P2PError `INVALID_PEER_ID`
 */
export function parsePeerId(peerId: string): PeerId {
  try {
    return peerIdFromString(peerId)
  } catch (cause) {
    throw new P2PError('INVALID_PEER_ID', `'${peerId}' is not a peer id`, { cause })
  }
}
