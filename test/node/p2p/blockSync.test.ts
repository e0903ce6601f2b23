import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createP2PNode } from '../../../src/node/p2p'
import { expectP2PError, testNodeKey, text, untext, waitFor } from './helpers'
import {
  expectNoOpenSockets,
  ID1,
  ID2,
  ID3,
  mesh,
  stopStartedNodes,
  track,
  UNKNOWN_ID,
} from './testNetwork'

afterEach(stopStartedNodes)
afterAll(expectNoOpenSockets)

describe('block sync', () => {
  const encodeHeight = (height: bigint): Uint8Array => text.encode(`block ${height}`)
  const serveRange = (from: bigint, to: bigint): Uint8Array[] => {
    const items: Uint8Array[] = []
    for (let h = from; h <= to; h++) items.push(encodeHeight(h))
    return items
  }

  it('returns what the serving handler returns', async () => {
    const [a, b] = await mesh()
    const asked: [bigint, bigint][] = []
    a.serveBlocks(async (from, to) => {
      asked.push([from, to])
      return serveRange(from, to)
    })
    const items = await b.requestBlocks(ID1, 5n, 9n)
    expect(items.map((item) => untext.decode(item))).toEqual([
      'block 5',
      'block 6',
      'block 7',
      'block 8',
      'block 9',
    ])
    expect(asked).toEqual([[5n, 9n]])

    a.serveBlocks(() => [])
    expect(await b.requestBlocks(ID1, 100n, 100n)).toEqual([])
    a.serveBlocks(() => [new Uint8Array(0), new Uint8Array([1, 2, 3])])
    expect(await b.requestBlocks(ID1, 1n, 2n)).toEqual([
      new Uint8Array(0),
      new Uint8Array([1, 2, 3]),
    ])
  })

  it('caps the count and the bytes per request', async () => {
    const [a, b, c] = await mesh([
      { blockSync: { maxItemBytes: 1024, maxResponseBytes: 3000 } },
      {},
      { blockSync: { maxBlocksPerRequest: 10 } },
    ])
    const asked: [bigint, bigint][] = []
    a.serveBlocks((from, to) => {
      asked.push([from, to])
      return serveRange(from, to)
    })
    // The default cap (100) cuts a long range; the items are the range's prefix.
    const first = await b.requestBlocks(ID1, 1n, 1_000n)
    expect(first).toHaveLength(100)
    expect(untext.decode(first[99])).toBe('block 100')
    expect(asked).toEqual([[1n, 100n]])
    // A requester with a lower cap asks for less.
    expect(await c.requestBlocks(ID1, 0n, 50n)).toHaveLength(10)
    expect(asked[1]).toEqual([0n, 9n])
    // A handler that returns more than asked for is cut to the range.
    a.serveBlocks(() => serveRange(0n, 199n))
    expect(await b.requestBlocks(ID1, 0n, 4n)).toHaveLength(5)

    // The byte budget (3000 at node 1) cuts the response to the prefix that fits...
    a.serveBlocks((from, to) => serveRange(from, to).map(() => new Uint8Array(1000)))
    expect(await b.requestBlocks(ID1, 0n, 4n)).toHaveLength(3)
    // ...and so does an item over the item limit (1024).
    a.serveBlocks(() => [new Uint8Array(10), new Uint8Array(2000), new Uint8Array(10)])
    expect(await b.requestBlocks(ID1, 0n, 2n)).toEqual([new Uint8Array(10)])
    // A first item that can never be sent is a refusal, not an empty answer.
    a.serveBlocks(() => [new Uint8Array(2000)])
    await expectP2PError(b.requestBlocks(ID1, 0n, 0n), 'REQUEST_REFUSED')
  })

  it('fails with a typed error on timeout, unknown peers, refusals and bad ranges', async () => {
    const [a, b, c] = await mesh()
    let release = (): void => undefined
    a.serveBlocks(
      () =>
        new Promise<Uint8Array[]>((resolve) => {
          release = () => resolve([])
        }),
    )
    try {
      const timeout = await expectP2PError(
        b.requestBlocks(ID1, 0n, 0n, { timeoutMs: 200 }),
        'REQUEST_TIMEOUT',
      )
      expect(timeout.details).toMatchObject({ peer: ID1, timeoutMs: 200 })
    } finally {
      release()
    }

    await expectP2PError(b.requestBlocks(UNKNOWN_ID, 0n, 0n), 'PEER_NOT_ALLOWED')
    await expectP2PError(b.requestBlocks('not-a-peer-id', 0n, 0n), 'INVALID_PEER_ID')
    await expectP2PError(b.requestBlocks(ID3, 0n, 0n), 'REQUEST_REFUSED') // c serves nothing
    await expectP2PError(b.requestBlocks(ID1, 5n, 4n), 'INVALID_REQUEST')
    await expectP2PError(b.requestBlocks(ID1, -1n, 4n), 'INVALID_REQUEST')

    a.serveBlocks(() => {
      throw new Error('store unavailable')
    })
    await expectP2PError(b.requestBlocks(ID1, 0n, 0n), 'REQUEST_REFUSED')

    // Node 1 knows no address for node 3: once 3 is gone, it cannot reach it.
    await c.stop()
    await waitFor('node 3 gone', () => !a.peers().includes(ID3))
    await expectP2PError(a.requestBlocks(ID3, 0n, 0n), 'PEER_NOT_CONNECTED')
  })

  it('refuses calls before start and after stop', async () => {
    const node = await createP2PNode({ nodeKey: testNodeKey(1), allowlist: [ID2] })
    await expectP2PError(node.broadcast('txs', text.encode('x')), 'NOT_STARTED')
    await expectP2PError(node.requestBlocks(ID2, 0n, 0n), 'NOT_STARTED')
    track(node)
    await node.start()
    await node.stop()
    await expectP2PError(node.send(ID2, 'txs', text.encode('x')), 'NOT_STARTED')
  })
})
