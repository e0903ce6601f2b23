/**
 * Follows the chain with the light client in this process: syncs to the primary's head every
 * `intervalMs`, records each verified header in the records store (`recordsHeaderSink`), and
 * keeps what the network screen shows: the verified height, the target, and fork evidence.
 * The client verifies headers only (a few per second on a devnet); it does not block the event
 * loop for long, so the Electron main process can run it without a worker thread.
 */
import { LightClient, RpcProvider, type TrustedRoot } from '../../node/light'
import { recordsHeaderSink, type RecordStore } from '../../node/light/records'
import type { EvidenceReport } from '../../node/light'
import type { LightChain } from '../../node/light'

/** A fork the light client saw, as people are told about it. */
export interface EvidenceAlert {
  height: bigint
  message: string
  primaryHash: `0x${string}`
  witnessHash: `0x${string}`
  atMs: number
}

export interface LightFollower {
  /** The newest verified height. */
  verifiedHeight(): bigint
  /** The height the last sync aimed at (the primary's head then). */
  targetHeight(): bigint
  evidence(): readonly EvidenceAlert[]
  /** The last sync failure, if the last sync failed. */
  lastError(): Error | undefined
  stop(): Promise<void>
}

export interface StartLightFollowerParameters {
  root: TrustedRoot
  chain?: LightChain
  primaryUrl: string
  witnessUrls: readonly string[]
  records: RecordStore
  /** Between syncs (default 1 s). */
  intervalMs?: number
}

export async function startLightFollower(p: StartLightFollowerParameters): Promise<LightFollower> {
  let target = 0n
  let failure: Error | undefined
  const alerts: EvidenceAlert[] = []
  const client = await LightClient.create({
    root: p.root,
    ...(p.chain ? { chain: p.chain } : {}),
    primary: new RpcProvider({ url: p.primaryUrl }),
    witnesses: p.witnessUrls.map((url) => new RpcProvider({ url })),
    sink: recordsHeaderSink(p.records),
    onProgress: (progress) => (target = progress.target),
    onEvidence: (report) => alerts.push(alertOf(report)),
  })
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = (): void => {
    running = client
      .sync()
      .then((block) => {
        failure = undefined
        if (block.header.height > target) target = block.header.height
      })
      .catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error))
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, p.intervalMs ?? 1_000)
      })
  }
  tick()
  return {
    verifiedHeight: () => client.latest().header.height,
    targetHeight: () =>
      target > client.latest().header.height ? target : client.latest().header.height,
    evidence: () => alerts,
    lastError: () => failure,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      client.stop()
    },
  }
}

function alertOf(report: EvidenceReport): EvidenceAlert {
  const { evidence } = report
  return {
    height: evidence.height,
    message: `${report.witness} showed a different block at height ${evidence.height} than ${report.primary}`,
    primaryHash: evidence.primary.commit.blockHash,
    witnessHash: evidence.witness.commit.blockHash,
    atMs: Date.now(),
  }
}
