/**
 * The light client's worker thread (ARCHITECTURE.md: "It runs off the UI thread"): builds a
 * `LightClient` over RPC providers from `workerData`, answers `sync` / `provenState` requests,
 * announces progress, headers, evidence and warnings, and optionally follows the primary's
 * head. Private reads are signed by the app's thread (`authorize` round trips), so keys never
 * enter the worker.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { LightClientError } from './errors'
import { LightClient } from './LightClient'
import { RpcProvider, type RpcAuthJson } from './providers/RpcProvider'
import type { FromWorker, LightWorkerConfig, ToWorker, WorkerError } from './workerMessages'

function requirePort(): MessagePort {
  if (!parentPort) throw new Error('workerMain.ts runs as a worker thread (startLightWorker)')
  return parentPort
}

const port = requirePort()
const config = workerData as LightWorkerConfig

const post = (message: FromWorker) => port.postMessage(message)

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof LightClientError)
    return {
      name: error.name,
      message: error.message,
      reason: error.reason,
      details: error.details,
    }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

let nextAuthorization = 1
const authorizations = new Map<
  number,
  { resolve: (auth: RpcAuthJson) => void; reject: (error: Error) => void }
>()

function authorize(request: { method: string; params: Record<string, unknown> }) {
  const id = nextAuthorization++
  return new Promise<RpcAuthJson>((resolve, reject) => {
    authorizations.set(id, { resolve, reject })
    post({ type: 'authorize', id, ...request })
  })
}

function provider(url: string): RpcProvider {
  return new RpcProvider({
    url,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.canAuthorize ? { authorize } : {}),
  })
}

let stopped = false
let followTimer: NodeJS.Timeout | undefined

async function main(): Promise<void> {
  const client = await LightClient.create({
    root: config.root,
    primary: provider(config.primary),
    witnesses: (config.witnesses ?? []).map(provider),
    ...(config.chain ? { chain: config.chain } : {}),
    ...(config.trustingPeriodMs === undefined ? {} : { trustingPeriodMs: config.trustingPeriodMs }),
    ...(config.maxClockDriftMs === undefined ? {} : { maxClockDriftMs: config.maxClockDriftMs }),
    ...(config.retries === undefined ? {} : { retries: config.retries }),
    ...(config.retryDelayMs === undefined ? {} : { retryDelayMs: config.retryDelayMs }),
    ...(config.maxKeptHeaders === undefined ? {} : { maxKeptHeaders: config.maxKeptHeaders }),
    onProgress: (progress) => post({ type: 'progress', progress }),
    onHeader: (block) => post({ type: 'header', block }),
    onEvidence: (report) => post({ type: 'evidence', report }),
    onWarning: (warning) => post({ type: 'warning', warning }),
  })
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'sync':
        client.sync(message.target).then(
          (value) => post({ type: 'result', id: message.id, value }),
          (error: unknown) =>
            post({ type: 'failure', id: message.id, error: toWorkerError(error) }),
        )
        return
      case 'provenState':
        client.provenState(message.key).then(
          (value) => post({ type: 'result', id: message.id, value }),
          (error: unknown) =>
            post({ type: 'failure', id: message.id, error: toWorkerError(error) }),
        )
        return
      case 'authorized':
        authorizations.get(message.id)?.resolve(message.auth)
        authorizations.delete(message.id)
        return
      case 'authorizeFailed':
        authorizations.get(message.id)?.reject(new Error(message.message))
        authorizations.delete(message.id)
        return
      case 'stop':
        stopped = true
        clearTimeout(followTimer)
        client.stop()
        post({ type: 'stopped' })
        port.close()
        return
    }
  })
  post({ type: 'ready', root: client.latest() })
  if (config.followIntervalMs !== undefined) follow(client, config.followIntervalMs)
}

/** Syncs to the primary's head, then again after the interval, until stopped or halted. */
function follow(client: LightClient, intervalMs: number): void {
  const tick = async () => {
    try {
      await client.sync()
    } catch (error) {
      post({ type: 'error', error: toWorkerError(error) })
      const reason = error instanceof LightClientError ? error.reason : undefined
      if (reason === 'fork' || reason === 'stopped' || reason === 'trust-expired') return
    }
    if (!stopped) followTimer = setTimeout(() => void tick(), intervalMs)
  }
  void tick()
}

main().catch((error: unknown) => {
  post({ type: 'error', error: toWorkerError(error) })
})
