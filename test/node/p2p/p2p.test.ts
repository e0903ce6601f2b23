import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createP2PNode, P2PError } from '../../../src/node/p2p'
import {
  expectP2PError,
  recordingLogger,
  testNodeKey,
  text,
  waitFor,
  type LogEntry,
} from './helpers'
import {
  addressOf,
  expectNoOpenSockets,
  ID1,
  ID2,
  ID3,
  inbox,
  mesh,
  portOf,
  startNode,
  stopStartedNodes,
  track,
  UNKNOWN_ID,
  UNKNOWN_KEY,
} from './testNetwork'

afterEach(stopStartedNodes)
afterAll(expectNoOpenSockets)

describe('p2p node', () => {
  it('listens on 127.0.0.1 and derives its peer id from the node key', async () => {
    const node = await startNode({ nodeKey: testNodeKey(1) })
    expect(node.peerId).toBe(ID1)
    expect(node.peerId.startsWith('16Uiu2')).toBe(true) // secp256k1 peer ids
    expect(node.listenAddresses()).toHaveLength(1)
    expect(addressOf(node)).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${ID1}$`))
    expect(node.peers()).toEqual([])

    const clash = track(
      await createP2PNode({ nodeKey: testNodeKey(2), listen: { port: portOf(node) } }),
    )
    await expectP2PError(clash.start(), 'START_FAILED')
    await expectP2PError(clash.broadcast('txs', text.encode('x')), 'NOT_STARTED')
  })

  it('three nodes in a full mesh exchange broadcasts on both channels', async () => {
    const nodes = await mesh()
    const ids = [ID1, ID2, ID3]
    const boxes = nodes.map((node) => ({
      consensus: inbox(node, 'consensus'),
      txs: inbox(node, 'txs'),
    }))

    for (const [index, node] of nodes.entries()) {
      for (const channel of ['consensus', 'txs'] as const) {
        const sentTo = await node.broadcast(channel, text.encode(`${channel} from ${index + 1}`))
        expect(sentTo.sort()).toEqual(ids.filter((id) => id !== node.peerId).sort())
      }
    }
    await waitFor('every broadcast delivered', () =>
      boxes.every((box) => box.consensus.length === 2 && box.txs.length === 2),
    )
    for (const [index, box] of boxes.entries()) {
      for (const channel of ['consensus', 'txs'] as const) {
        const expected = nodes
          .map((_, sender) => sender)
          .filter((sender) => sender !== index)
          .map((sender) => ({ text: `${channel} from ${sender + 1}`, from: ids[sender] }))
        expect(box[channel].sort((x, y) => x.text.localeCompare(y.text))).toEqual(expected)
      }
    }
  })

  it('delivers messages to one peer in order, up to the 4 MiB consensus limit', async () => {
    const [a, b] = await mesh()
    const received = inbox(a, 'consensus')
    const big: Uint8Array[] = []
    a.onMessage('consensus', (data) => {
      if (data.length > 1000) big.push(data)
    })
    for (let i = 0; i < 50; i++) await b.send(ID1, 'consensus', text.encode(`vote ${i}`))
    const block = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251)
    await b.send(ID1, 'consensus', block)
    await waitFor('50 votes and a block', () => received.length === 51)
    expect(received.slice(0, 50).map((m) => m.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => `vote ${i}`),
    )
    expect(big).toHaveLength(1)
    // Buffer.equals: vitest's deep equality walks 4 Mi elements one by one.
    expect(Buffer.from(big[0] ?? []).equals(block)).toBe(true)
  })

  it('refuses a peer whose key is not in the allowlist', async () => {
    const [a, b, c] = await mesh()
    const boxes = [a, b, c].map((node) => inbox(node, 'consensus'))
    const peerEvents: string[] = []
    for (const node of [a, b, c]) node.onPeerConnected((peer) => peerEvents.push(peer))

    // The intruder knows every address and allows every node, but nobody allows it.
    const intruderLog = recordingLogger()
    const intruder = await startNode({
      nodeKey: UNKNOWN_KEY,
      peers: [a, b, c].map((node) => ({ peerId: node.peerId, address: addressOf(node) })),
      logger: intruderLog.logger,
    })
    // A refused dial either fails outright or, since Noise settles the muxer in its handshake,
    // opens a connection on which no stream can ever be negotiated.
    const refusals = (peer: string): number =>
      intruderLog.entries.filter(
        (entry: LogEntry) =>
          entry.fields.peer === peer &&
          (entry.message === 'p2p: dial failed' ||
            entry.message === 'p2p: peer did not accept a session; disconnecting'),
      ).length
    await waitFor('the intruder to be refused twice by each node', () =>
      [ID1, ID2, ID3].every((peer) => refusals(peer) >= 2),
    )

    // A plain libp2p node, with no gater of its own, cannot get a stream through either.
    const raw = track(
      await createLibp2p({
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
      }),
    )
    await expect(
      raw.dialProtocol(multiaddr(addressOf(a)), '/custos/consensus/1.0.0'),
    ).rejects.toThrow()

    expect(intruder.peers()).toEqual([])
    expect(intruderLog.entries.filter((entry) => entry.message === 'p2p: peer connected')).toEqual(
      [],
    )
    expect(await intruder.broadcast('consensus', text.encode('forged vote'))).toEqual([])
    // Not connected, or (mid-refusal, its socket not yet closed) no stream will negotiate.
    const forged = await intruder.send(ID1, 'consensus', text.encode('forged')).then(
      () => null,
      (error: unknown) => error,
    )
    expect(forged).toBeInstanceOf(P2PError)
    expect(['PEER_NOT_CONNECTED', 'STREAM_FAILED']).toContain((forged as P2PError).code)
    await expectP2PError(a.send(UNKNOWN_ID, 'consensus', text.encode('hi')), 'PEER_NOT_ALLOWED')

    // The mesh still works, and nothing from the intruder arrived.
    await b.broadcast('consensus', text.encode('marker'))
    await waitFor('marker at a and c', () =>
      [boxes[0], boxes[2]].every((box) => box?.some((m) => m.text === 'marker')),
    )
    for (const node of [a, b, c]) expect(node.peers()).not.toContain(UNKNOWN_ID)
    expect(peerEvents).not.toContain(UNKNOWN_ID)
    expect(boxes.flat().filter((m) => m.from === UNKNOWN_ID || m.text.includes('forged'))).toEqual(
      [],
    )
  })

  it('reconnects a node that restarts on the same port and delivers later broadcasts', async () => {
    const [a, b, c] = await mesh()
    const port = portOf(a)
    const lost: string[] = []
    b.onPeerDisconnected((peer) => lost.push(peer))

    await a.stop()
    await waitFor('b and c to notice', () => !b.peers().includes(ID1) && !c.peers().includes(ID1))
    expect(lost).toContain(ID1)
    // While a is down, b and c keep talking.
    const atC = inbox(c, 'txs')
    await b.broadcast('txs', text.encode('while a is down'))
    await waitFor('c hears b', () => atC.some((m) => m.text === 'while a is down'))

    // Nodes 2 and 3 dial node 1 (it dials nobody), so only their redialing can bring it back.
    const restarted = await startNode({
      nodeKey: testNodeKey(1),
      allowlist: [ID2, ID3],
      listen: { port },
    })
    expect(portOf(restarted)).toBe(port)
    const consensus = inbox(restarted, 'consensus')
    const txs = inbox(restarted, 'txs')
    await waitFor(
      'reconnected',
      () => b.peers().includes(ID1) && c.peers().includes(ID1) && restarted.peers().length === 2,
    )
    await b.broadcast('consensus', text.encode('proposal after restart'))
    await c.broadcast('txs', text.encode('tx after restart'))
    await waitFor(
      'later broadcasts at the restarted node',
      () =>
        consensus.some((m) => m.text === 'proposal after restart' && m.from === ID2) &&
        txs.some((m) => m.text === 'tx after restart' && m.from === ID3),
    )
    expect(txs.some((m) => m.text === 'while a is down')).toBe(false)

    const atB = inbox(b, 'consensus')
    await restarted.broadcast('consensus', text.encode('back'))
    await waitFor('b hears the restarted node', () => atB.some((m) => m.text === 'back'))
  })

  it('refuses oversized frames without crashing the receiver', async () => {
    const receiverLog = recordingLogger()
    // Node 2 allows itself 1 MiB transactions; node 1 keeps the 64 KiB default.
    const [a, b, c] = await mesh([
      { logger: receiverLog.logger },
      { maxFrameBytes: { txs: 1024 * 1024 } },
    ])
    const txs = inbox(a, 'txs')
    const consensus = inbox(a, 'consensus')

    await b.send(ID1, 'txs', new Uint8Array(100 * 1024))
    await waitFor('the receiver to refuse the frame', () =>
      receiverLog.entries.some((entry) => entry.message.includes('oversized frame')),
    )
    // The refused stream is reset; the sender opens a new one for its next message.
    await waitFor('a small tx after the refusal', async () => {
      await b.send(ID1, 'txs', text.encode('small tx')).catch(() => undefined)
      return txs.some((m) => m.text === 'small tx')
    })
    expect(txs.every((m) => m.text === 'small tx')).toBe(true)
    expect(a.peers().sort()).toEqual([ID2, ID3].sort())
    await c.send(ID1, 'consensus', text.encode('still alive'))
    await waitFor('consensus still flows', () => consensus.some((m) => m.text === 'still alive'))

    // Senders refuse to send frames over their own limits.
    await expectP2PError(a.send(ID2, 'txs', new Uint8Array(64 * 1024 + 1)), 'FRAME_TOO_LARGE')
    await expectP2PError(
      a.broadcast('consensus', new Uint8Array(4 * 1024 * 1024 + 1)),
      'FRAME_TOO_LARGE',
    )
  })
})
