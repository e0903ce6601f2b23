/**
 * The consensus acceptance test: seeded simulations of four validators (one Byzantine) over a
 * lossy, reordering, duplicating, partitioning network with crash-restarts (simulation.ts).
 *
 * Per seed: no two honest nodes decide different blocks at a height; every decided commit
 * verifies against the validator set; no honest validator signs two different messages for one
 * (height, round, step), crashes included; and once the network has healed and crashed nodes
 * are back, every honest node decides 3 more heights within 30 s of virtual time.
 *
 *   CUSTOS_SIM_SEEDS=10000 npx vitest run test/sim    more seeds (default 1000)
 *   CUSTOS_SIM_SEED=123 npx vitest run test/sim       replay exactly seed 123
 */
import { describe, expect, it } from 'vitest'
import {
  describeScenario,
  runSimulation,
  scenarioForSeed,
  type SimulationResult,
} from './simulation'

const single = process.env.CUSTOS_SIM_SEED
const seedCount = Number(process.env.CUSTOS_SIM_SEEDS ?? 1000)
const seeds =
  single !== undefined ? [Number(single)] : Array.from({ length: seedCount }, (_, i) => i)
const CHUNK = 100

function report(result: SimulationResult): string {
  const { seed } = result.scenario
  return [
    describeScenario(result.scenario),
    ...result.failures.map((f) => `  ${f}`),
    `  replay: CUSTOS_SIM_SEED=${seed} npx vitest run test/sim`,
  ].join('\n')
}

/** What the seeds exercised, to check the scenarios really contain the faults they claim. */
const coverage = {
  seeds: 0,
  decisions: 0,
  withEvidence: 0,
  withRefusedSignature: 0,
  withCrash: 0,
  withPartition: 0,
  withUnequalPower: 0,
  laterRounds: 0,
}

function tally(result: SimulationResult): void {
  const { stats, scenario } = result
  coverage.seeds++
  coverage.decisions += stats.decisions
  if (stats.evidence > 0) coverage.withEvidence++
  if (stats.refusedSignatures > 0) coverage.withRefusedSignature++
  if (scenario.crashes.length > 0) coverage.withCrash++
  if (scenario.partitions.length > 0) coverage.withPartition++
  if (new Set(scenario.powers).size > 1) coverage.withUnequalPower++
  if (stats.maxRound > 0n) coverage.laterRounds++
}

describe('Tendermint under a hostile network', () => {
  for (let start = 0; start < seeds.length; start += CHUNK) {
    const chunk = seeds.slice(start, start + CHUNK)
    const name =
      chunk.length === 1 ? `seed ${chunk[0]}` : `seeds ${chunk[0]}–${chunk[chunk.length - 1]}`
    it(`${name}: agreement, valid commits, no double signing, liveness after healing`, () => {
      const failures: string[] = []
      for (const seed of chunk) {
        const result = runSimulation(scenarioForSeed(seed))
        tally(result)
        if (result.failures.length > 0) failures.push(report(result))
      }
      if (failures.length > 0) console.error(failures.join('\n\n'))
      expect(failures).toEqual([])
    }, 300_000)
  }

  it('a seed replays exactly: the same decisions, at the same virtual times', () => {
    const seed = seeds[0] ?? 0
    const first = runSimulation(scenarioForSeed(seed))
    const second = runSimulation(scenarioForSeed(seed))
    expect(first.decisionLog.length).toBeGreaterThan(0)
    expect(second.decisionLog).toEqual(first.decisionLog)
    expect(second.stats).toEqual(first.stats)
    expect(second.endMs).toBe(first.endMs)
  })

  it.skipIf(seeds.length < 100)('the seeds exercise every fault they model', () => {
    expect(coverage.seeds).toBe(seeds.length)
    const share = (n: number) => n / coverage.seeds
    expect(share(coverage.withEvidence)).toBeGreaterThan(0.5)
    expect(share(coverage.withRefusedSignature)).toBeGreaterThan(0.1)
    expect(share(coverage.withCrash)).toBeGreaterThan(0.3)
    expect(share(coverage.withPartition)).toBeGreaterThan(0.3)
    expect(share(coverage.withUnequalPower)).toBeGreaterThan(0.1)
    expect(share(coverage.laterRounds)).toBeGreaterThan(0.5)
    console.info(`consensus simulation: ${JSON.stringify(coverage)}`)
  })
})
