/**
 * Real nodes on 127.0.0.1 for the p2p tests. Every node started here is stopped by
 * `stopStartedNodes` (register it in `afterEach`).
 */
import {
  createP2PNode,
  peerIdFromNodeKey,
  type Channel,
  type CreateP2PNodeOptions,
  type P2PNode,
} from '../../../src/node/p2p'
import { testNodeKey, untext, waitFor } from './helpers'

export const FAST_REDIAL = { initialDelayMs: 50, maxDelayMs: 400, dialTimeoutMs: 2_000 }
export const [ID1, ID2, ID3] = [1, 2, 3].map((seed) => peerIdFromNodeKey(testNodeKey(seed))) as [
  string,
  string,
  string,
]
export const UNKNOWN_KEY = testNodeKey(99)
export const UNKNOWN_ID = peerIdFromNodeKey(UNKNOWN_KEY)

const started: { stop(): void | Promise<void> }[] = []

/** Tracks anything with a `stop()` (a raw libp2p node, say) for `stopStartedNodes`. */
export function track<T extends { stop(): void | Promise<void> }>(node: T): T {
  started.push(node)
  return node
}

export async function stopStartedNodes(): Promise<void> {
  // One at a time: when both ends of a connection stop at once, libp2p waits out a 500 ms
  // socket close timeout.
  for (const node of started.splice(0).reverse()) await node.stop()
}

/** Node's handles for closed sockets go away a tick after the close callbacks run. */
export async function expectNoOpenSockets(): Promise<void> {
  await waitFor('every TCP socket and listener closed', () =>
    process.getActiveResourcesInfo().every((resource) => !resource.startsWith('TCP')),
  )
}

export async function startNode(options: CreateP2PNodeOptions): Promise<P2PNode> {
  const node = track(await createP2PNode({ redial: FAST_REDIAL, ...options }))
  await node.start()
  return node
}

export function addressOf(node: P2PNode): string {
  const [address] = node.listenAddresses()
  if (address === undefined) throw new Error('node has no listen address')
  return address
}

export function portOf(node: P2PNode): number {
  const match = /\/tcp\/(\d+)/.exec(addressOf(node))
  if (match?.[1] === undefined) throw new Error('no tcp port')
  return Number(match[1])
}

export interface Received {
  text: string
  from: string
}

/** Collects the messages `node` receives on `channel`, decoded as UTF-8. */
export function inbox(node: P2PNode, channel: Channel): Received[] {
  const received: Received[] = []
  node.onMessage(channel, (data, from) => {
    received.push({ text: untext.decode(data), from })
  })
  return received
}

export type MeshOptions = [
  Partial<CreateP2PNodeOptions>?,
  Partial<CreateP2PNodeOptions>?,
  Partial<CreateP2PNodeOptions>?,
]

/**
 * Three nodes on free ports, fully meshed: node 1 dials nobody (it only allows 2 and 3), node 2
 * dials 1, node 3 dials 1 and 2. Resolves once every node lists the other two.
 */
export async function mesh(options: MeshOptions = []): Promise<[P2PNode, P2PNode, P2PNode]> {
  const a = await startNode({ nodeKey: testNodeKey(1), allowlist: [ID2, ID3], ...options[0] })
  const b = await startNode({
    nodeKey: testNodeKey(2),
    peers: [{ peerId: ID1, address: addressOf(a) }],
    allowlist: [ID1, ID3],
    ...options[1],
  })
  const c = await startNode({
    nodeKey: testNodeKey(3),
    peers: [
      { peerId: ID1, address: addressOf(a) },
      { peerId: ID2, address: addressOf(b) },
    ],
    ...options[2],
  })
  await waitFor('full mesh', () => [a, b, c].every((node) => node.peers().length === 2))
  return [a, b, c]
}
