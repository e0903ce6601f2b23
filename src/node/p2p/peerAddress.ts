import { CODE_P2P, multiaddr } from '@multiformats/multiaddr'
import { P2PError } from './errors'
import { parsePeerId } from './nodeKey'
import type { DialTarget } from './redialer'

/**
 * The dial target of a configured peer: its address with `/p2p/<peerId>` appended (or checked,
 * when present), so that Noise refuses anyone else answering at that address.
 *
 * @throws P2PError `INVALID_PEER_ID` or `INVALID_OPTIONS`.
 */
export function peerAddress(peer: { peerId: string; address: string }): DialTarget {
  const peerId = parsePeerId(peer.peerId)
  let address
  try {
    address = multiaddr(peer.address)
  } catch (cause) {
    throw new P2PError('INVALID_OPTIONS', `'${peer.address}' is not a multiaddr`, {
      details: { peer: peer.peerId, address: peer.address },
      cause,
    })
  }
  const named = address.getComponents().find((component) => component.code === CODE_P2P)
  if (named === undefined) return { peerId, address: address.encapsulate(`/p2p/${peerId}`) }
  if (named.value !== peerId.toString()) {
    throw new P2PError('INVALID_OPTIONS', `Address ${peer.address} names another peer`, {
      details: { peer: peer.peerId, address: peer.address },
    })
  }
  return { peerId, address }
}
