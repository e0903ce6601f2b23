import { describe, expect, it } from 'vitest'
import { createP2PNode, NODE_KEY_BYTES, P2PError, peerIdFromNodeKey } from '../../../src/node/p2p'
import { testNodeKey } from './helpers'

async function creationError(promise: Promise<unknown>): Promise<P2PError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(P2PError)
  return error as P2PError
}

describe('node keys and options', () => {
  it('derives a stable secp256k1 peer id from a node key', () => {
    const id = peerIdFromNodeKey(testNodeKey(1))
    expect(id).toBe(peerIdFromNodeKey(testNodeKey(1)))
    expect(id).not.toBe(peerIdFromNodeKey(testNodeKey(2)))
    expect(id).toMatch(/^16Uiu2/)
  })

  it('refuses node keys that are not secp256k1 private keys', () => {
    for (const key of [new Uint8Array(NODE_KEY_BYTES), new Uint8Array(31), new Uint8Array(64)]) {
      expect(() => peerIdFromNodeKey(key)).toThrow(P2PError)
      try {
        peerIdFromNodeKey(key)
      } catch (error) {
        expect((error as P2PError).code).toBe('INVALID_NODE_KEY')
      }
    }
    // The group order n: one past the largest valid scalar.
    const order = Uint8Array.from(
      Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'),
    )
    expect(() => peerIdFromNodeKey(order)).toThrow(P2PError)
  })

  it('refuses inconsistent options before creating anything', async () => {
    const id2 = peerIdFromNodeKey(testNodeKey(2))
    const id3 = peerIdFromNodeKey(testNodeKey(3))
    const address = '/ip4/127.0.0.1/tcp/4001'
    const nodeKey = testNodeKey(1)

    const notAllowed = await creationError(
      createP2PNode({ nodeKey, peers: [{ peerId: id2, address }], allowlist: [id3] }),
    )
    expect(notAllowed.code).toBe('INVALID_OPTIONS')
    expect(
      (await creationError(createP2PNode({ nodeKey, peers: [{ peerId: 'nope', address }] }))).code,
    ).toBe('INVALID_PEER_ID')
    expect(
      (await creationError(createP2PNode({ nodeKey, peers: [{ peerId: id2, address: 'nope' }] })))
        .code,
    ).toBe('INVALID_OPTIONS')
    const wrongId = `${address}/p2p/${id3}`
    expect(
      (await creationError(createP2PNode({ nodeKey, peers: [{ peerId: id2, address: wrongId }] })))
        .code,
    ).toBe('INVALID_OPTIONS')
    expect((await creationError(createP2PNode({ nodeKey, listen: { port: 70_000 } }))).code).toBe(
      'INVALID_OPTIONS',
    )
    expect(
      (await creationError(createP2PNode({ nodeKey, listen: { host: 'not a host' } }))).code,
    ).toBe('INVALID_OPTIONS')
    const zeroLimit = createP2PNode({ nodeKey, maxFrameBytes: { txs: 0 } })
    expect((await creationError(zeroLimit)).code).toBe('INVALID_OPTIONS')
    // A 4 MiB consensus frame could never be queued behind a 1 MiB send queue.
    const smallQueue = createP2PNode({ nodeKey, maxQueuedBytesPerPeer: 1024 * 1024 })
    expect((await creationError(smallQueue)).code).toBe('INVALID_OPTIONS')
  })

  it('ignores its own entry in the peer list', async () => {
    const self = peerIdFromNodeKey(testNodeKey(1))
    const id2 = peerIdFromNodeKey(testNodeKey(2))
    const node = await createP2PNode({
      nodeKey: testNodeKey(1),
      peers: [
        { peerId: self, address: '/ip4/127.0.0.1/tcp/4001' },
        { peerId: id2, address: '/ip4/127.0.0.1/tcp/4002' },
      ],
      allowlist: [id2],
    })
    expect(node.peerId).toBe(self)
    expect(node.peers()).toEqual([])
  })
})
