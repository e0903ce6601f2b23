/**
 * The upon-rules of Algorithm 1 ("The latest gossip on BFT consensus", arXiv:1807.04938), one at
 * a time, on the pure core: each test feeds inputs and checks the outputs.
 */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_TIMEOUTS,
  ProposerSchedule,
  TendermintCore,
  timeoutMs,
  type ConsensusInput,
  type ConsensusOutput,
  type DecideOutput,
} from '../../../src/node/consensus/core'
import {
  signVote,
  verifyCommit,
  VoteType,
  ZERO_HASH,
  type Validator,
  type Vote,
} from '../../../src/node/protocol/block'
import {
  signProposal,
  type SignedProposal,
  type SignedVote,
} from '../../../src/node/protocol/consensusMessages'
import { custosDomain } from '../../../src/node/protocol/eip712'
import { keccak256, toHex } from '../../../src/node/protocol/hash'
import type { Address, Hex } from '../../../src/node/protocol/messages'
import { addressOfPrivateKey, devPrivateKey } from '../../../src/node/protocol/signature'

const domain = custosDomain(7001n, '0x00000000000000000000000000000000c0570d05')
const keys = [0, 1, 2, 3].map((i) => devPrivateKey(`core-test-${i}`))
const keyOf = new Map(keys.map((k) => [addressOfPrivateKey(k), k]))
/** Validator addresses in ascending order. */
const sorted = [...keyOf.keys()].sort()
const H = 1n

function set(powers: bigint[] = [1n, 1n, 1n, 1n]): Validator[] {
  return sorted.map((address, i) => ({ address, power: powers[i] ?? 1n }))
}

const equal = set()
const schedule = new ProposerSchedule(equal)
const proposerOf = (round: bigint) => schedule.proposer(H, round)
/** A validator that proposes in none of rounds 0–2 at height H. */
const me = sorted.find((a) => [0n, 1n, 2n].every((r) => proposerOf(r) !== a)) as Address
const others = sorted.filter((a) => a !== me)

function block(tag: number): { block: Uint8Array; blockHash: Hex } {
  const bytes = Uint8Array.of(0xc2, tag, tag)
  return { block: bytes, blockHash: toHex(keccak256(bytes)) }
}
const V = block(1)
const W = block(2)

function signedVote(
  validator: Address,
  voteType: bigint,
  round: bigint,
  blockHash: Hex,
  height = H,
): SignedVote {
  const vote: Vote = { voteType, height, round, blockHash }
  return { vote, validator, signature: signVote(domain, vote, keyOf.get(validator) as Uint8Array) }
}

function signedProposal(
  round: bigint,
  value: { block: Uint8Array; blockHash: Hex },
  validRound = -1n,
  height = H,
  proposer = schedule.proposer(height, round),
): SignedProposal {
  const proposal = { height, round, validRound, blockHash: value.blockHash }
  const key = keyOf.get(proposer) as Uint8Array
  return { proposal, proposer, signature: signProposal(domain, proposal, key), block: value.block }
}

const prevote = (v: Address, round: bigint, hash: Hex, height = H): ConsensusInput => ({
  type: 'vote',
  vote: signedVote(v, VoteType.prevote, round, hash, height),
})
const precommit = (v: Address, round: bigint, hash: Hex, height = H): ConsensusInput => ({
  type: 'vote',
  vote: signedVote(v, VoteType.precommit, round, hash, height),
})
const proposalInput = (p: SignedProposal, valid = true): ConsensusInput => ({
  type: 'proposal',
  proposal: p,
  valid,
})
/** A proposal the driver could not judge yet. */
const unjudged = (p: SignedProposal): ConsensusInput => ({ type: 'proposal', proposal: p })

/** A core for `address`, started at height H; feeds back its own votes like a driver would. */
class Harness {
  readonly core: TendermintCore
  readonly all: ConsensusOutput[] = []

  constructor(
    readonly address: Address | null = me,
    validators: Validator[] = equal,
  ) {
    this.core = new TendermintCore({ address })
    this.feed({ type: 'start', height: H, validators })
  }

  /** Feeds inputs; returns the outputs (own votes fed back, their outputs included). */
  feed(...inputs: ConsensusInput[]): ConsensusOutput[] {
    const out: ConsensusOutput[] = []
    const queue = [...inputs]
    for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
      for (const output of this.core.handle(input)) {
        out.push(output)
        if (output.type === 'vote' && this.address !== null)
          queue.push({
            type: 'vote',
            vote: {
              vote: output.vote,
              validator: this.address,
              signature: signVote(domain, output.vote, keyOf.get(this.address) as Uint8Array),
            },
          })
      }
    }
    this.all.push(...out)
    return out
  }
}

const votesIn = (outputs: ConsensusOutput[]) =>
  outputs.flatMap((o) => (o.type === 'vote' ? [o.vote] : []))
const ofType = <T extends ConsensusOutput['type']>(outputs: ConsensusOutput[], type: T) =>
  outputs.filter((o): o is Extract<ConsensusOutput, { type: T }> => o.type === type)

/** Drives the harness through round 0 to a lock on V (lines 22–27, then 36–43). */
function lockedOnV(): Harness {
  const h = new Harness()
  h.feed(proposalInput(signedProposal(0n, V)))
  h.feed(...others.slice(0, 2).map((v) => prevote(v, 0n, V.blockHash)))
  return h
}

/** Moves the harness from round `round` to round + 1 through nil precommits and the timeout. */
function toNextRound(h: Harness, round: bigint): void {
  h.feed(...others.map((v) => precommit(v, round, ZERO_HASH)))
  h.feed({ type: 'timeout', height: H, round, step: 'precommit' })
  expect(h.core.state().round).toBe(round + 1n)
}

describe('proposer selection', () => {
  it('is round-robin in address order with equal powers, by height + round', () => {
    expect([0n, 1n, 2n, 3n, 4n].map((r) => schedule.proposer(0n, r))).toEqual([
      ...sorted,
      sorted[0],
    ])
    expect(schedule.proposer(5n, 2n)).toBe(schedule.proposer(7n, 0n))
  })

  it('gives each validator slots in proportion to its power, spread out', () => {
    const weighted = new ProposerSchedule(set([3n, 1n, 1n, 1n]))
    expect(weighted.cycle).toHaveLength(6)
    expect(weighted.cycle.filter((a) => a === sorted[0])).toHaveLength(3)
    // Smooth: the heavy validator's slots are interleaved with the others'.
    expect(weighted.cycle.slice(0, 3)).toEqual([sorted[0], sorted[1], sorted[0]])
  })

  it('keeps the cycle short for large powers', () => {
    const big = new ProposerSchedule(set([10n ** 18n + 1n, 10n ** 18n, 3n * 10n ** 18n, 7n]))
    expect(big.cycle.length).toBeLessThanOrEqual(1024 + 4)
    expect(new Set(big.cycle).size).toBe(4)
  })
})

describe('timeouts', () => {
  it('grow per round: base + round × delta', () => {
    expect(timeoutMs(DEFAULT_TIMEOUTS, 'propose', 0n)).toBe(1000)
    expect(timeoutMs(DEFAULT_TIMEOUTS, 'propose', 2n)).toBe(2000)
    expect(timeoutMs(DEFAULT_TIMEOUTS, 'prevote', 2n)).toBe(1000)
    expect(timeoutMs(DEFAULT_TIMEOUTS, 'precommit', 4n)).toBe(1500)
  })
})

describe('StartRound (lines 11–21)', () => {
  it('a proposer without validValue asks for a value, then proposes it with validRound −1', () => {
    const proposer = proposerOf(0n)
    const core = new TendermintCore({ address: proposer })
    const started = core.handle({ type: 'start', height: H, validators: equal })
    expect(ofType(started, 'requestValue')).toEqual([
      { type: 'requestValue', height: H, round: 0n },
    ])
    expect(ofType(started, 'scheduleTimeout')[0]).toMatchObject({ step: 'propose', ms: 1000 })
    const out = core.handle({ type: 'proposalValue', height: H, round: 0n, ...V })
    expect(ofType(out, 'proposal')).toEqual([
      {
        type: 'proposal',
        proposal: { height: H, round: 0n, validRound: -1n, blockHash: V.blockHash },
        block: V.block,
      },
    ])
    // A stale answer (another round) is ignored.
    expect(core.handle({ type: 'proposalValue', height: H, round: 5n, ...W })).toEqual([])
  })

  it('a non-proposer schedules OnTimeoutPropose(h, 0) after timeoutPropose(0)', () => {
    const h = new Harness()
    expect(h.all).toEqual([
      { type: 'scheduleTimeout', height: H, round: 0n, step: 'propose', ms: 1000 },
    ])
  })
})

describe('prevote (lines 22–33, 57–60)', () => {
  it('prevotes id(v) for a valid proposal when not locked', () => {
    const h = new Harness()
    expect(votesIn(h.feed(proposalInput(signedProposal(0n, V))))).toEqual([
      { voteType: VoteType.prevote, height: H, round: 0n, blockHash: V.blockHash },
    ])
    expect(h.core.state().step).toBe('prevote')
  })

  it('prevotes nil for an invalid proposal', () => {
    const h = new Harness()
    expect(votesIn(h.feed(proposalInput(signedProposal(0n, V), false)))[0]?.blockHash).toBe(
      ZERO_HASH,
    )
  })

  it('ignores a proposal not signed by proposer(h, r)', () => {
    const h = new Harness()
    const impostor = sorted.find((a) => a !== proposerOf(0n)) as Address
    expect(h.feed(proposalInput(signedProposal(0n, V, -1n, H, impostor)))).toEqual([])
  })

  it('asks the driver to judge a proposal it could not judge, and waits for the verdict', () => {
    const h = new Harness()
    const p = signedProposal(0n, V)
    expect(h.feed(unjudged(p))).toEqual([{ type: 'validateProposal', proposal: p }])
    expect(votesIn(h.feed(proposalInput(p, true)))[0]?.blockHash).toBe(V.blockHash)
  })

  it('prevotes nil when timeoutPropose fires in step propose (lines 57–60), and only then', () => {
    const h = new Harness()
    expect(h.feed({ type: 'timeout', height: H, round: 1n, step: 'propose' })).toEqual([])
    const out = h.feed({ type: 'timeout', height: H, round: 0n, step: 'propose' })
    expect(votesIn(out)).toEqual([
      { voteType: VoteType.prevote, height: H, round: 0n, blockHash: ZERO_HASH },
    ])
    expect(votesIn(h.feed({ type: 'timeout', height: H, round: 0n, step: 'propose' }))).toEqual([])
  })
})

describe('precommit (lines 34–46, 61–64)', () => {
  it('locks v and precommits id(v) on a proposal and 2f+1 prevotes for it (lines 36–43)', () => {
    const h = lockedOnV()
    expect(votesIn(h.all).at(-1)).toEqual({
      voteType: VoteType.precommit,
      height: H,
      round: 0n,
      blockHash: V.blockHash,
    })
    expect(h.core.state()).toMatchObject({
      step: 'precommit',
      lockedRound: 0n,
      lockedBlockHash: V.blockHash,
      validRound: 0n,
      validBlockHash: V.blockHash,
    })
  })

  it('does not lock without the proposal, however many prevotes', () => {
    const h = new Harness()
    h.feed({ type: 'timeout', height: H, round: 0n, step: 'propose' })
    h.feed(...others.map((v) => prevote(v, 0n, V.blockHash)))
    expect(h.core.state().lockedRound).toBe(-1n)
  })

  it('precommits nil on 2f+1 nil prevotes (lines 44–46)', () => {
    const h = new Harness()
    h.feed(proposalInput(signedProposal(0n, V)))
    const out = h.feed(...others.slice(0, 2).map((v) => prevote(v, 0n, ZERO_HASH)))
    expect(votesIn(out)).toEqual([])
    const more = h.feed(prevote(others[2] as Address, 0n, ZERO_HASH))
    expect(votesIn(more)).toEqual([
      { voteType: VoteType.precommit, height: H, round: 0n, blockHash: ZERO_HASH },
    ])
  })

  it('on 2f+1 mixed prevotes schedules timeoutPrevote, then precommits nil (lines 34–35, 61–64)', () => {
    const h = new Harness()
    h.feed(proposalInput(signedProposal(0n, V))) // prevotes V
    const out = h.feed(
      prevote(others[0] as Address, 0n, ZERO_HASH),
      prevote(others[1] as Address, 0n, W.blockHash),
    )
    expect(ofType(out, 'scheduleTimeout')).toEqual([
      { type: 'scheduleTimeout', height: H, round: 0n, step: 'prevote', ms: 500 },
    ])
    // "for the first time": a fourth prevote schedules nothing more.
    expect(ofType(h.feed(prevote(others[2] as Address, 0n, ZERO_HASH)), 'scheduleTimeout')).toEqual(
      [],
    )
    const fired = h.feed({ type: 'timeout', height: H, round: 0n, step: 'prevote' })
    expect(votesIn(fired)).toEqual([
      { voteType: VoteType.precommit, height: H, round: 0n, blockHash: ZERO_HASH },
    ])
  })
})

describe('locks across rounds', () => {
  it('a locked validator prevotes nil for another value proposed with validRound −1', () => {
    const h = lockedOnV()
    toNextRound(h, 0n)
    const out = h.feed(proposalInput(signedProposal(1n, W)))
    expect(votesIn(out)).toEqual([
      { voteType: VoteType.prevote, height: H, round: 1n, blockHash: ZERO_HASH },
    ])
  })

  it('a locked validator prevotes its locked value when it is proposed again', () => {
    const h = lockedOnV()
    toNextRound(h, 0n)
    const out = h.feed(proposalInput(signedProposal(1n, V)))
    expect(votesIn(out)[0]?.blockHash).toBe(V.blockHash)
  })

  it('unlocks for a value with 2f+1 prevotes in a round ≥ lockedRound (lines 28–33), and relocks', () => {
    const h = lockedOnV()
    toNextRound(h, 0n)
    // Round 1: W gathers 2f+1 prevotes, but this validator sees no proposal and times out.
    h.feed({ type: 'timeout', height: H, round: 1n, step: 'propose' })
    h.feed(...others.map((v) => prevote(v, 1n, W.blockHash)))
    expect(h.core.state().lockedRound).toBe(0n)
    h.feed({ type: 'timeout', height: H, round: 1n, step: 'prevote' })
    toNextRound(h, 1n)
    // Round 2: W is proposed with vr = 1; lockedRound 0 ≤ 1, so prevote W.
    const out = h.feed(proposalInput(signedProposal(2n, W, 1n)))
    expect(votesIn(out)[0]).toEqual({
      voteType: VoteType.prevote,
      height: H,
      round: 2n,
      blockHash: W.blockHash,
    })
    h.feed(...others.slice(0, 2).map((v) => prevote(v, 2n, W.blockHash)))
    expect(h.core.state()).toMatchObject({ lockedRound: 2n, lockedBlockHash: W.blockHash })
  })

  it('keeps the lock for a value whose polka is older than the lock (line 29)', () => {
    const h = new Harness()
    // Round 0: W gets 2f+1 prevotes, but this validator never saw W's proposal.
    h.feed({ type: 'timeout', height: H, round: 0n, step: 'propose' })
    h.feed(...others.map((v) => prevote(v, 0n, W.blockHash)))
    h.feed({ type: 'timeout', height: H, round: 0n, step: 'prevote' })
    toNextRound(h, 0n)
    // Round 1: lock on V.
    h.feed(proposalInput(signedProposal(1n, V)))
    h.feed(...others.slice(0, 2).map((v) => prevote(v, 1n, V.blockHash)))
    expect(h.core.state()).toMatchObject({ lockedRound: 1n, lockedBlockHash: V.blockHash })
    toNextRound(h, 1n)
    // Round 2: W with vr = 0 < lockedRound = 1: prevote nil.
    const out = h.feed(proposalInput(signedProposal(2n, W, 0n)))
    expect(votesIn(out)).toEqual([
      { voteType: VoteType.prevote, height: H, round: 2n, blockHash: ZERO_HASH },
    ])
  })

  it('re-proposes validValue with validRound_p instead of asking for a value (lines 15–16)', () => {
    // The proposer of round 1 sees a polka for V in round 0.
    const proposer = proposerOf(1n)
    const h = new Harness(proposer)
    h.feed(proposalInput(signedProposal(0n, V)))
    h.feed(
      ...sorted
        .filter((a) => a !== proposer)
        .slice(0, 2)
        .map((v) => prevote(v, 0n, V.blockHash)),
    )
    h.feed(...sorted.filter((a) => a !== proposer).map((v) => precommit(v, 0n, ZERO_HASH)))
    const out = h.feed({ type: 'timeout', height: H, round: 0n, step: 'precommit' })
    expect(ofType(out, 'requestValue')).toEqual([])
    expect(ofType(out, 'proposal')).toEqual([
      {
        type: 'proposal',
        proposal: { height: H, round: 1n, validRound: 0n, blockHash: V.blockHash },
        block: V.block,
      },
    ])
  })
})

describe('rounds (lines 47–48, 55–56, 65–67)', () => {
  it('on 2f+1 precommits of any kind schedules timeoutPrecommit, then starts the next round', () => {
    const h = new Harness()
    const out = h.feed(...others.map((v) => precommit(v, 0n, ZERO_HASH)))
    expect(ofType(out, 'scheduleTimeout')).toEqual([
      { type: 'scheduleTimeout', height: H, round: 0n, step: 'precommit', ms: 500 },
    ])
    const next = h.feed({ type: 'timeout', height: H, round: 0n, step: 'precommit' })
    expect(h.core.state()).toMatchObject({ round: 1n, step: 'propose' })
    expect(ofType(next, 'scheduleTimeout')).toEqual([
      { type: 'scheduleTimeout', height: H, round: 1n, step: 'propose', ms: 1500 },
    ])
  })

  it('skips to a higher round on f+1 messages of it, not on f', () => {
    const h = new Harness(me, set([1n, 1n, 1n, 1n]))
    h.feed(prevote(others[0] as Address, 3n, ZERO_HASH))
    expect(h.core.state().round).toBe(0n) // 1/4 of the power: not more than 1/3
    h.feed(precommit(others[1] as Address, 3n, ZERO_HASH))
    expect(h.core.state()).toMatchObject({ round: 3n, step: 'propose' })
  })

  it('counts power, not validators, for f+1', () => {
    const heavy = others[0] as Address
    const powers = sorted.map((a) => (a === heavy ? 5n : 1n))
    const h = new Harness(me, set(powers))
    h.feed(prevote(heavy, 2n, ZERO_HASH)) // 5 of 8 > 1/3
    expect(h.core.state().round).toBe(2n)
  })
})

describe('decision (lines 49–54)', () => {
  function expectDecision(outputs: ConsensusOutput[]): DecideOutput {
    const decisions = ofType(outputs, 'decide')
    expect(decisions).toHaveLength(1)
    return decisions[0] as DecideOutput
  }

  it('decides only with more than 2/3 of the power in precommits, and the commit verifies', () => {
    const h = new Harness()
    h.feed(proposalInput(signedProposal(0n, V)))
    expect(ofType(h.feed(precommit(others[0] as Address, 0n, V.blockHash)), 'decide')).toEqual([])
    expect(ofType(h.feed(precommit(others[1] as Address, 0n, V.blockHash)), 'decide')).toEqual([])
    const decision = expectDecision(h.feed(precommit(others[2] as Address, 0n, V.blockHash)))
    expect(decision).toMatchObject({ height: H, round: 0n, blockHash: V.blockHash, block: V.block })
    const signers = decision.commit.signatures.map((s) => s.validator)
    expect(signers).toEqual([...signers].sort())
    expect(
      verifyCommit({
        domain,
        commit: decision.commit,
        validators: equal,
        blockHash: V.blockHash,
        height: H,
      }),
    ).toBe(3n)
    expect(h.core.state().decided).toBe(true)
    // After the decision the height is over: nothing more is done.
    expect(h.feed({ type: 'timeout', height: H, round: 0n, step: 'precommit' })).toEqual([])
  })

  it('does not decide on exactly 2/3 of the power', () => {
    const powers = sorted.map((a) => (a === others[0] ? 2n : a === others[1] ? 2n : 1n)) // total 6
    const h = new Harness(me, set(powers))
    const proposer = new ProposerSchedule(set(powers)).proposer(H, 0n)
    h.feed(proposalInput(signedProposal(0n, V, -1n, H, proposer)))
    const out = h.feed(precommit(others[0] as Address, 0n, V.blockHash))
    expect(ofType(out, 'decide')).toEqual([]) // 2 of 6
    expect(ofType(h.feed(precommit(others[1] as Address, 0n, V.blockHash)), 'decide')).toEqual([]) // 4 of 6 = 2/3
    expectDecision(h.feed(precommit(others[2] as Address, 0n, V.blockHash))) // 5 of 6
  })

  it('needs the proposal of that round, and a valid one', () => {
    const h = new Harness()
    const out = h.feed(...others.map((v) => precommit(v, 2n, V.blockHash)))
    expect(ofType(out, 'decide')).toEqual([])
    expect(ofType(h.feed(proposalInput(signedProposal(2n, V), false)), 'decide')).toEqual([])
    const late = new Harness()
    late.feed(...others.map((v) => precommit(v, 2n, V.blockHash)))
    expectDecision(late.feed(proposalInput(signedProposal(2n, V))))
  })

  it('decides on a commit from an earlier round while in a later one', () => {
    const h = new Harness()
    h.feed(proposalInput(signedProposal(0n, V)))
    h.feed(...others.map((v) => prevote(v, 1n, ZERO_HASH))) // skips to round 1
    expect(h.core.state().round).toBe(1n)
    expectDecision(h.feed(...others.map((v) => precommit(v, 0n, V.blockHash))))
  })
})

describe('messages the core refuses or keeps for later', () => {
  it('ignores duplicates and reports equivocation once, with both votes', () => {
    const h = new Harness()
    const first = signedVote(others[0] as Address, VoteType.prevote, 0n, V.blockHash)
    expect(h.feed({ type: 'vote', vote: first })).toEqual([])
    expect(h.feed({ type: 'vote', vote: first })).toEqual([])
    const second = signedVote(others[0] as Address, VoteType.prevote, 0n, W.blockHash)
    expect(h.feed({ type: 'vote', vote: second })).toEqual([{ type: 'evidence', first, second }])
    const third = signedVote(others[0] as Address, VoteType.prevote, 0n, ZERO_HASH)
    expect(ofType(h.feed({ type: 'vote', vote: third }), 'evidence')).toEqual([])
  })

  it('ignores votes from outside the validator set, old heights and heights beyond the next', () => {
    const outsiderKey = devPrivateKey('core-test-outsider')
    const outsider = addressOfPrivateKey(outsiderKey)
    const vote: Vote = { voteType: VoteType.prevote, height: H, round: 5n, blockHash: ZERO_HASH }
    const h = new Harness()
    h.feed({
      type: 'vote',
      vote: { vote, validator: outsider, signature: signVote(domain, vote, outsiderKey) },
    })
    h.feed(...others.map((v) => prevote(v, 4n, ZERO_HASH, H + 2n)))
    h.feed(...others.map((v) => prevote(v, 4n, ZERO_HASH, H - 1n)))
    expect(h.core.state().round).toBe(0n)
  })

  it('keeps next-height messages and hands them to the core when that height starts', () => {
    const h = new Harness()
    const next = H + 1n
    const p = signedProposal(0n, V, -1n, next)
    h.feed(proposalInput(p, true), ...others.map((v) => precommit(v, 0n, V.blockHash, next)))
    expect(h.core.state().height).toBe(H)
    const out = h.core.handle({ type: 'start', height: next, validators: equal })
    // The proposal comes back for judging (the verdict given early is not trusted).
    expect(ofType(out, 'validateProposal')).toEqual([{ type: 'validateProposal', proposal: p }])
    const decided = h.feed(proposalInput(p, true))
    expect(ofType(decided, 'decide')[0]).toMatchObject({ height: next, blockHash: V.blockHash })
  })

  it('counts an equivocator towards both blocks, so a commit gathered elsewhere still decides', () => {
    const h = new Harness()
    const [a, b, byzantine] = others as [Address, Address, Address]
    h.feed(proposalInput(signedProposal(0n, V)))
    h.feed(precommit(byzantine, 0n, ZERO_HASH), precommit(a, 0n, V.blockHash))
    const out = h.feed(precommit(byzantine, 0n, V.blockHash), precommit(b, 0n, V.blockHash))
    expect(ofType(out, 'decide')).toHaveLength(1)
  })
})

describe('restart: own messages restore what was signed', () => {
  it('an own precommit restores round, step and lock, so a new value gets a nil prevote', () => {
    const core = new TendermintCore({ address: me })
    core.handle({ type: 'start', height: H, validators: equal })
    core.handle(proposalInput(signedProposal(1n, V)))
    core.handle(precommit(me, 1n, V.blockHash))
    expect(core.state()).toMatchObject({
      round: 1n,
      step: 'precommit',
      lockedRound: 1n,
      lockedBlockHash: V.blockHash,
      validRound: 1n,
    })
    for (const v of others) core.handle(precommit(v, 1n, ZERO_HASH))
    core.handle({ type: 'timeout', height: H, round: 1n, step: 'precommit' })
    const out = core.handle(proposalInput(signedProposal(2n, W)))
    expect(votesIn(out)).toEqual([
      { voteType: VoteType.prevote, height: H, round: 2n, blockHash: ZERO_HASH },
    ])
  })

  it('an own prevote means no second prevote in that round', () => {
    const core = new TendermintCore({ address: me })
    core.handle({ type: 'start', height: H, validators: equal })
    core.handle(prevote(me, 0n, ZERO_HASH))
    expect(core.state().step).toBe('prevote')
    expect(votesIn(core.handle(proposalInput(signedProposal(0n, V))))).toEqual([])
  })

  it('an own proposal is never replaced by a new one', () => {
    const proposer = proposerOf(1n)
    const core = new TendermintCore({ address: proposer })
    core.handle({ type: 'start', height: H, validators: equal })
    const out = core.handle(proposalInput(signedProposal(1n, V)))
    expect(core.state().round).toBe(1n)
    expect(ofType(out, 'requestValue')).toEqual([])
    expect(ofType(out, 'proposal')).toEqual([])
  })
})

describe('a follower (no validator key)', () => {
  it('never votes, but decides', () => {
    const h = new Harness(null)
    h.feed(proposalInput(signedProposal(0n, V)))
    const out = h.feed(...others.map((v) => precommit(v, 0n, V.blockHash)))
    expect(votesIn(h.all)).toEqual([])
    expect(ofType(out, 'decide')).toHaveLength(1)
  })
})

describe('determinism', () => {
  it('the same inputs give the same outputs', () => {
    const run = () => {
      const h = lockedOnV()
      toNextRound(h, 0n)
      h.feed(proposalInput(signedProposal(1n, W)))
      return h.all
    }
    expect(run()).toEqual(run())
  })
})
