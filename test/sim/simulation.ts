/**
 * One seeded run of the consensus simulation: a scenario drawn from the seed (powers, the
 * Byzantine validator, network loss/delay/duplication, partitions, crash-restarts), then the
 * run itself, checking agreement, commit validity and honest signing throughout and liveness
 * at the end: once the last partition has healed and the last crashed node is back, every
 * honest node must decide `heightsAfterHeal` heights beyond the highest decided at that moment
 * within `livenessBoundMs` of virtual time.
 */
import type { Validator } from '../../src/node/protocol/block'
import { custosDomain } from '../../src/node/protocol/eip712'
import type { Address } from '../../src/node/protocol/messages'
import { mulberry32 } from '../fixtures/random'
import type { TimeoutConfig } from '../../src/node/consensus/core/types'
import { ByzantineNode, type ByzantineStrategy } from './byzantine'
import { EventQueue, VirtualNetwork, type NetworkConditions, type Partition } from './network'
import { SimNode, type SimNodeContext } from './node'
import { Recorder } from './recorder'
import { simKey } from './signer'

export interface Crash {
  node: number
  atMs: number
  downMs: number
}

export interface Scenario {
  seed: number
  powers: bigint[]
  byzantine: number
  network: NetworkConditions
  partitions: Partition[]
  crashes: Crash[]
  /** When the last partition heals and the last crashed node restarts. */
  healMs: number
  commitDelayMs: number
  gossipMs: number
  /** Consensus timeouts; short ones in some seeds make rounds fail and locks matter. */
  timeouts: Partial<TimeoutConfig>
  byzantineStrategy: ByzantineStrategy
  heightsAfterHeal: number
  livenessBoundMs: number
}

export interface SimulationResult {
  scenario: Scenario
  failures: string[]
  decisionLog: string[]
  endMs: number
  stats: Recorder['stats'] & { sent: number; lost: number; delivered: number; heights: bigint }
}

const NODES = 4
const FAULT_WINDOW_MS = 8000

/** Draws a scenario from `seed`. */
export function scenarioForSeed(seed: number): Scenario {
  const random = mulberry32(seed * 2654435761 + 0x5eed)
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const byzantine = int(0, NODES - 1)
  let powers = Array.from({ length: NODES }, () => 10n)
  if (random() < 0.3) {
    // Unequal powers; the Byzantine validator holds less than 1/3: 3b < b + honest.
    powers = powers.map(() => BigInt(int(1, 20)))
    const honest = powers.reduce((sum, p, i) => (i === byzantine ? sum : sum + p), 0n)
    const max = (honest - 1n) / 2n
    powers[byzantine] = max < 1n ? 1n : BigInt(int(1, Number(max)))
  }
  const partitions: Partition[] = []
  for (let i = int(0, 2); i > 0; i--) {
    const startMs = int(0, FAULT_WINDOW_MS)
    const members = Array.from({ length: NODES }, (_, n) => n)
    const cut = int(1, NODES - 1)
    for (let j = members.length - 1; j > 0; j--) {
      const k = int(0, j)
      ;[members[j], members[k]] = [members[k] as number, members[j] as number]
    }
    partitions.push({
      startMs,
      endMs: startMs + int(500, 5000),
      groups: [members.slice(0, cut), members.slice(cut)],
    })
  }
  const crashes: Crash[] = []
  for (let i = int(0, 2); i > 0; i--) {
    let node = int(0, NODES - 1)
    if (node === byzantine) node = (node + 1) % NODES
    const atMs = int(0, FAULT_WINDOW_MS)
    const downMs = int(50, 3000)
    const overlaps = crashes.some(
      (c) => c.node === node && atMs <= c.atMs + c.downMs && c.atMs <= atMs + downMs,
    )
    if (!overlaps) crashes.push({ node, atMs, downMs })
  }
  const healMs = Math.max(
    0,
    ...partitions.map((p) => p.endMs),
    ...crashes.map((c) => c.atMs + c.downMs),
  )
  const maxDelayMs = int(5, 300)
  const timeouts: Partial<TimeoutConfig> =
    random() < 0.4
      ? {
          proposeMs: 150,
          proposeDeltaMs: 100,
          prevoteMs: 60,
          prevoteDeltaMs: 50,
          precommitMs: 60,
          precommitDeltaMs: 50,
        }
      : {}
  const byzantineStrategy: ByzantineStrategy = random() < 0.5 ? 'random' : 'split'
  return {
    seed,
    powers,
    byzantine,
    network: {
      lossRate: random() * 0.15,
      duplicateRate: random() * 0.1,
      minDelayMs: 1,
      maxDelayMs,
    },
    partitions,
    crashes,
    healMs,
    commitDelayMs: int(100, 1000),
    gossipMs: 300,
    timeouts,
    byzantineStrategy,
    heightsAfterHeal: 3,
    livenessBoundMs: 30_000,
  }
}

export function describeScenario(s: Scenario): string {
  const parts = [
    `seed=${s.seed}`,
    `powers=[${s.powers.join(',')}] byzantine=${s.byzantine}`,
    `loss=${s.network.lossRate.toFixed(3)} dup=${s.network.duplicateRate.toFixed(3)} delay=${s.network.minDelayMs}-${s.network.maxDelayMs}ms`,
    `partitions=${s.partitions.map((p) => `${JSON.stringify(p.groups)}@${p.startMs}-${p.endMs}`).join(' ') || 'none'}`,
    `crashes=${s.crashes.map((c) => `n${c.node}@${c.atMs}+${c.downMs}`).join(' ') || 'none'}`,
    `heal=${s.healMs}ms commitDelay=${s.commitDelayMs}ms`,
    `timeouts=${Object.keys(s.timeouts).length === 0 ? 'default' : 'short'} strategy=${s.byzantineStrategy}`,
  ]
  return parts.join(' ')
}

export function runSimulation(scenario: Scenario): SimulationResult {
  const random = mulberry32(scenario.seed)
  const queue = new EventQueue()
  const keys = scenario.powers.map((_, i) => simKey(i))
  const validators: Validator[] = keys
    .map((k, i) => ({
      address: k.address.toLowerCase() as Address,
      power: scenario.powers[i] ?? 0n,
    }))
    .sort((a, b) => (a.address < b.address ? -1 : 1))
  const honest = new Set(keys.map((_, i) => i).filter((i) => i !== scenario.byzantine))
  const recorder = new Recorder(honest, () => queue.now)
  const nodes: SimNode[] = []
  const network = new VirtualNetwork(
    queue,
    random,
    scenario.network,
    scenario.partitions,
    (from, to, bytes) => nodes[to]?.receive(from, bytes),
  )
  let target: bigint | null = null
  let done = false
  const honestNodes = () => nodes.filter((n) => honest.has(n.index))
  const checkDone = () => {
    if (target !== null && honestNodes().every((n) => n.lastDecided >= (target as bigint)))
      done = true
  }
  const ctx: SimNodeContext = {
    queue,
    domain: custosDomain(7001n, '0x00000000000000000000000000000000000c0575'),
    validators,
    nodeCount: keys.length,
    random,
    send: (from, to, bytes) => network.send(from, to, bytes),
    recorder,
    commitDelayMs: scenario.commitDelayMs,
    gossipMs: scenario.gossipMs,
    timeouts: scenario.timeouts,
    onDecide: checkDone,
  }
  keys.forEach((key, i) => {
    if (i !== scenario.byzantine) return void nodes.push(new SimNode(i, key, ctx))
    const byzantine = new ByzantineNode(i, key, ctx)
    byzantine.strategy = scenario.byzantineStrategy
    nodes.push(byzantine)
  })
  for (const node of nodes) queue.schedule(Math.floor(random() * 50), () => node.boot())
  for (const crash of scenario.crashes) {
    const node = nodes[crash.node] as SimNode
    queue.schedule(crash.atMs, () => node.crash())
    queue.schedule(crash.atMs + crash.downMs, () => node.boot())
  }
  queue.schedule(scenario.healMs, () => {
    const highest = honestNodes().reduce(
      (max, n) => (n.lastDecided > max ? n.lastDecided : max),
      0n,
    )
    target = highest + BigInt(scenario.heightsAfterHeal)
    checkDone()
  })
  const endMs = scenario.healMs + scenario.livenessBoundMs
  while (!done && recorder.failures.length === 0 && queue.step(endMs)) {
    // run events in order
  }
  if (!done && recorder.failures.length === 0) {
    recorder.fail(
      `liveness: honest nodes must reach height ${target} within ${scenario.livenessBoundMs}ms of the heal; ${nodes.map((n) => n.describe()).join('; ')}`,
    )
  }
  const heights = honestNodes().reduce(
    (min, n) => (n.lastDecided < min ? n.lastDecided : min),
    BigInt(Number.MAX_SAFE_INTEGER),
  )
  return {
    scenario,
    failures: recorder.failures,
    decisionLog: recorder.log,
    endMs: queue.now,
    stats: { ...recorder.stats, ...network.stats, heights },
  }
}
