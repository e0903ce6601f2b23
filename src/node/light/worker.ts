/**
 * Running the light client off the UI thread: `startLightWorker` starts `workerMain` in a
 * `node:worker_threads` Worker and returns a handle with typed events and requests. Electron's
 * main process (or the CLI) uses it; the renderer never runs the light client.
 *
 * @example
 * const light = startLightWorker({ root: { kind: 'genesis', genesis }, primary: url })
 * light.on('progress', ({ progress }) => show(progress.height, progress.target))
 * await light.ready
 * await light.sync()
 * const { value } = await light.provenState('token/ACME')
 * await light.stop()
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { LightClientError } from './errors'
import type { RpcAuthorizer } from './providers/RpcProvider'
import type { LightBlock, ProvenState } from './types'
import type {
  FromWorker,
  LightWorkerConfig,
  LightWorkerEvent,
  ToWorker,
  WorkerError,
  WorkerRequest,
} from './workerMessages'

export type { LightWorkerConfig, LightWorkerEvent, WorkerError } from './workerMessages'

export interface LightWorkerOptions extends Omit<LightWorkerConfig, 'canAuthorize'> {
  /** Signs private reads on this thread, so keys stay here (the worker asks for each). */
  authorize?: RpcAuthorizer
  /**
   * The worker's entry module. Default: `workerMain` beside this file (run through tsx when it
   * is TypeScript); a bundled app passes its built entry.
   */
  entry?: URL
}

type EventOf<T extends LightWorkerEvent['type']> = Extract<LightWorkerEvent, { type: T }>

export interface LightWorkerHandle {
  /** Resolves with the trusted root once the client started (rejects if it could not). */
  readonly ready: Promise<LightBlock>
  on<T extends LightWorkerEvent['type']>(type: T, listener: (event: EventOf<T>) => void): () => void
  /** `LightClient.sync` in the worker. */
  sync(target?: bigint): Promise<LightBlock>
  /** `LightClient.provenState` in the worker. */
  provenState(key: string): Promise<ProvenState>
  /** Stops the client and the thread; pending requests fail with `stopped`. */
  stop(): Promise<void>
}

/** An error from the worker as the same error on this side. */
export function fromWorkerError(error: WorkerError): Error {
  if (error.reason)
    return new LightClientError(error.reason, error.message, { details: error.details ?? {} })
  const rebuilt = new Error(error.message)
  rebuilt.name = error.name
  return rebuilt
}

/**
 * The worker for `entry`. A TypeScript entry (running from source: tests, `npm run custos`)
 * boots through tsx's loader API inside the thread, since Node 20 does not apply `--import tsx`
 * hooks to a worker's entry module.
 */
function spawnWorker(entry: URL, workerData: LightWorkerConfig): Worker {
  if (extname(fileURLToPath(entry)) !== '.ts') return new Worker(entry, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot =
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(entry.href)}) })`
  return new Worker(boot, { eval: true, workerData })
}

/** `workerMain` beside this file, with this file's extension (.ts from source, .js built). */
function defaultEntry(): URL {
  return new URL(`./workerMain${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
}

export function startLightWorker(options: LightWorkerOptions): LightWorkerHandle {
  const { authorize, entry: givenEntry, ...rest } = options
  const config: LightWorkerConfig = { ...rest, canAuthorize: authorize !== undefined }
  const worker = spawnWorker(givenEntry ?? defaultEntry(), config)
  const listeners = new Map<string, Set<(event: LightWorkerEvent) => void>>()
  const pending = new Map<number, { resolve: (value: never) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let exited = false

  let readyResolve: (root: LightBlock) => void = () => undefined
  let readyReject: (error: Error) => void = () => undefined
  const ready = new Promise<LightBlock>((resolve, reject) => {
    readyResolve = resolve
    readyReject = reject
  })
  ready.catch(() => undefined)

  const emit = (event: LightWorkerEvent) => {
    for (const listener of listeners.get(event.type) ?? []) listener(event)
  }
  const send = (message: ToWorker) => worker.postMessage(message)
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error)
    pending.clear()
    readyReject(error)
  }

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'result':
        pending.get(message.id)?.resolve(message.value as never)
        pending.delete(message.id)
        return
      case 'failure':
        pending.get(message.id)?.reject(fromWorkerError(message.error))
        pending.delete(message.id)
        return
      case 'authorize':
        void answerAuthorization(message)
        return
      case 'stopped':
        return
      case 'ready':
        readyResolve(message.root)
        break
      case 'error':
        readyReject(fromWorkerError(message.error))
        break
    }
    emit(message)
  })
  worker.on('error', (error) => {
    failAll(error)
    emit({ type: 'error', error: { name: error.name, message: error.message } })
  })
  worker.on('exit', () => {
    exited = true
    failAll(new LightClientError('stopped', 'The light node has stopped; start it again to sync.'))
  })

  async function answerAuthorization(request: Extract<FromWorker, { type: 'authorize' }>) {
    try {
      if (!authorize) throw new Error('no authorizer for private reads')
      const auth = await authorize({ method: request.method, params: request.params })
      send({ type: 'authorized', id: request.id, auth })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      send({ type: 'authorizeFailed', id: request.id, message })
    }
  }

  function request<T>(message: WorkerRequest): Promise<T> {
    if (exited)
      return Promise.reject(new LightClientError('stopped', 'The light node has stopped.'))
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: never) => void, reject })
      send({ ...message, id })
    })
  }

  return {
    ready,
    on(type, listener) {
      const set = listeners.get(type) ?? new Set()
      listeners.set(type, set)
      const wrapped = listener as (event: LightWorkerEvent) => void
      set.add(wrapped)
      return () => set.delete(wrapped)
    },
    sync: (target) =>
      request<LightBlock>(target === undefined ? { type: 'sync' } : { type: 'sync', target }),
    provenState: (key) => request<ProvenState>({ type: 'provenState', key }),
    async stop() {
      if (exited) return
      const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      send({ type: 'stop' })
      const timer = setTimeout(() => void worker.terminate(), 2_000)
      await gone
      clearTimeout(timer)
    },
  }
}
