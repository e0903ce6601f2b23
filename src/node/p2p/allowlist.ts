/**
 * The set of peers this node talks to, and the connection gater that enforces it.
 *
 * ARCHITECTURE.md (Consensus and network): "Peers are authenticated by node keys; unknown peers
 * are refused." Noise proves the remote holds the key behind its peer id; the gater then refuses
 * the connection, before any stream muxer is negotiated, unless that id is allowed.
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface'
import { CODE_P2P, type Multiaddr } from '@multiformats/multiaddr'
import { parsePeerId } from './nodeKey'

export class PeerAllowlist {
  private readonly allowed: ReadonlySet<string>

  /** @throws P2PError `INVALID_PEER_ID` when an entry is not a peer id. */
  constructor(peerIds: Iterable<string>) {
    this.allowed = new Set([...peerIds].map((id) => parsePeerId(id).toString()))
  }

  has(peer: PeerId | string): boolean {
    return this.allowed.has(peer.toString())
  }

  ids(): string[] {
    return [...this.allowed]
  }

  /** A libp2p connection gater that denies every connection and dial to a peer not allowed. */
  gater(): ConnectionGater {
    const deny = (peer: PeerId): boolean => !this.has(peer)
    return {
      denyDialPeer: deny,
      denyDialMultiaddr: (address: Multiaddr) => {
        const id = address.getComponents().find((c) => c.code === CODE_P2P)?.value
        return id !== undefined && !this.allowed.has(id)
      },
      denyOutboundConnection: deny,
      // The checkpoint that matters for inbound connections: the remote's id is known only
      // once the Noise handshake has proved it.
      denyInboundEncryptedConnection: deny,
      denyOutboundEncryptedConnection: deny,
      denyInboundUpgradedConnection: deny,
      denyOutboundUpgradedConnection: deny,
      denyInboundRelayReservation: () => true,
      denyOutboundRelayedConnection: () => true,
      denyInboundRelayedConnection: () => true,
      filterMultiaddrForPeer: (peer: PeerId) => this.has(peer),
    }
  }
}
