/**
 * Assembles and runs a node from its home: store and chain, peer-to-peer transport, consensus
 * (with the validator's safe signer and write-ahead log) and the JSON-RPC server.
 */
import { existsSync } from 'node:fs'
import {
  ConsensusDriver,
  blockSyncHandler,
  type ConsensusTransport,
} from '../consensus/ConsensusDriver'
import { ConsensusWal } from '../consensus/safety/ConsensusWal'
import { SafeSigner } from '../consensus/safety/SafeSigner'
import { Chain } from '../chain'
import { createP2PNode, type P2PNode } from '../p2p'
import { addressOfPrivateKey } from '../protocol'
import { createRpcServer, type RpcServer } from '../rpc/server'
import type { RpcBackend } from '../rpc/backend'
import { getTokenSymbols, parseGenesis } from '../state'
import { Store } from '../store'
import { CliError, homePaths, readConfig, readJson, readKey } from './home'
import type { Logger } from './log'

export interface StartNodeParameters {
  home: string
  validator: boolean
  log: Logger
}

export interface RunningNode {
  moniker: string
  rpcUrl: string
  chain: Chain
  stop(): Promise<void>
}

const version = '0.1.0'

export async function startNode(params: StartNodeParameters): Promise<RunningNode> {
  const { home, log } = params
  const paths = homePaths(home)
  const config = readConfig(home)
  if (params.validator && !config.validator)
    throw new CliError(`${home} is not configured as a validator (config.json "validator": false)`)
  const genesis = parseGenesis(readJson(paths.genesis, 'genesis'))
  const nodeKey = readKey(paths.nodeKey, 'node key')

  const store = Store.open(paths.store)
  const chain = Chain.open({ store, genesis })
  log.info(
    { height: chain.head().height.toString(), chainId: chain.domain.chainId.toString() },
    'store opened',
  )
  chain.onEvidence((_evidence, receipt) => {
    if (receipt.duplicate) return
    log.error(
      {
        evidence: receipt.hash,
        height: receipt.height.toString(),
        primaryHash: receipt.primaryHash,
        witnessHash: receipt.witnessHash,
        signedBoth: receipt.signedBoth,
      },
      'fork evidence received: validators signed two different blocks at one height',
    )
  })

  let signer: SafeSigner | null = null
  if (params.validator) {
    const consensusKey = readKey(paths.consensusKey, 'consensus key')
    if (!existsSync(paths.signerState))
      SafeSigner.initialize({
        statePath: paths.signerState,
        validator: addressOfPrivateKey(consensusKey),
        chainId: chain.domain.chainId,
      })
    signer = SafeSigner.open({ statePath: paths.signerState, privateKey: consensusKey })
    if (!chain.validators().some((v) => v.address === signer?.address))
      log.warn(
        { address: signer.address },
        'this consensus key is not in the validator set; the node will follow without voting',
      )
  }
  const wal = ConsensusWal.open({ dir: paths.wal })

  const p2p: P2PNode = await createP2PNode({
    nodeKey,
    listen: { host: config.p2p.host, port: config.p2p.port },
    peers: config.peers,
    allowlist: [...config.peers.map((p) => p.peerId), ...config.allow],
    logger: {
      info: (obj, msg) => log.info(obj, msg),
      warn: (obj, msg) => log.warn(obj, msg),
      debug: (obj, msg) => log.debug(obj, msg),
    },
  })

  const transport: ConsensusTransport = {
    broadcast: (data) => void p2p.broadcast('consensus', data),
    onMessage: (handler) => p2p.onMessage('consensus', handler),
    peers: () => p2p.peers(),
    requestBlocks: (peer, from, to) => p2p.requestBlocks(peer, from, to),
  }
  const driver = new ConsensusDriver({ chain, transport, signer, wal, log })

  // transactions: accepted ones are passed on to peers; ones from peers are not passed on again
  let fromPeer = false
  chain.mempool.onAdded((tx) => {
    if (!fromPeer) p2p.broadcast('txs', tx.bytes)
  })
  p2p.onMessage('txs', (data) => {
    fromPeer = true
    try {
      chain.submit(data)
    } catch {
      // duplicates and refusals from peers are expected; the submitter hears about refusals
    } finally {
      fromPeer = false
    }
  })
  p2p.serveBlocks(blockSyncHandler(chain))
  await p2p.start()

  const backend: RpcBackend = {
    chain,
    status: () => ({
      peers: p2p.peers().length,
      syncing: driver.isSyncing,
      validator: signer?.address ?? null,
      version,
    }),
    onNewBlock: (listener) => chain.onCommitted((head) => listener(head.height)),
    tokenSymbols: () => getTokenSymbols(chain.state()),
    isPending: (id) => chain.mempool.has(id),
  }
  const rpc: RpcServer = await createRpcServer({
    backend,
    host: config.rpc.host,
    port: config.rpc.port,
    limits: { rateLimit: { burst: 10_000, perSecond: 5_000 } },
    onInternalError: (error) => log.error({ err: error }, 'rpc internal error'),
  })
  driver.start()
  log.info(
    {
      moniker: config.moniker,
      rpc: rpc.url,
      p2p: p2p.listenAddresses(),
      validator: signer?.address ?? null,
    },
    'node started',
  )

  return {
    moniker: config.moniker,
    rpcUrl: rpc.url.replace(/\/$/, ''),
    chain,
    async stop() {
      driver.stop()
      await rpc.close()
      await p2p.stop()
      wal.close()
      store.close()
    },
  }
}
