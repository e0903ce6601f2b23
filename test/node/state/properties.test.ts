/**
 * Property tests of the state machine over random sequences of valid and invalid transactions
 * (acceptance list): supply changes only by mint/redeem; no state violates a token's compliance
 * rules; DvP is all-or-nothing; replaying the blocks on a fresh store gives the same state
 * root; a tampered proof fails verification.
 *
 * Scenarios come from `test/fixtures/arbitraries.ts`; each run drives a real `Chain` on a
 * temporary SQLite file. Set FC_SEED (and FC_PATH) to replay a reported counterexample, and
 * FC_NUM_RUNS to search longer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { Chain, type ProducedBlock } from '../../../src/node/chain'
import {
  BadProof,
  ComplianceRejected,
  CustosError,
  NonceMismatch,
  fromHex,
  headerHash,
  signTx,
  toHex,
  verifyStateProof,
  type Address,
  type ComplianceRules,
  type Header,
  type Hex,
  type Leg,
  type SignedTx,
  type StateProof,
  type TxKind,
} from '../../../src/node/protocol'
import {
  applyTx,
  balanceOf,
  freezeOf,
  keys,
  nonceOf,
  type BlockContext,
  type Genesis,
  type Instruction,
  type InstructionStatus,
  type Participant,
  type StateView,
  type Token,
} from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  MAX_UINT256,
  scenarioArb,
  symbols,
  whos,
  type Action,
  type AmountSpec,
  type BlockSpec,
  type InstructionRef,
  type PartyRef,
  type Replay,
  type Scenario,
  type Sym,
  type Who,
} from '../../fixtures/arbitraries'
import {
  alice,
  bob,
  carol,
  dave,
  erin,
  FAR_FUTURE,
  GENESIS_TIME_MS,
  issuer,
  kycProvider,
  stranger,
  testDomain,
  testGenesis,
  validators,
  type Actor,
} from '../../fixtures/network'

const fcParams = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: process.env['FC_NUM_RUNS'] ? Number(process.env['FC_NUM_RUNS']) : numRuns,
  ...(process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']) } : {}),
  ...(process.env['FC_PATH'] ? { path: process.env['FC_PATH'] } : {}),
})

// --------------------------------------------------------------------------------------------
// actors, temp stores

const actors: Record<Who, Actor> = { alice, bob, carol, dave, erin, stranger, issuer }
/** Every address a scenario can ever credit (plus the claim issuer, which never holds). */
const known: Address[] = [...whos.map((w) => actors[w].address), kycProvider.address]
const nameOf = new Map<string, string>([
  ...whos.map((w) => [actors[w].address, w] as const),
  [kycProvider.address, 'kyc-provider'] as const,
])
const realSymbols = ['ACME', 'EURC'] as const

/**
 * Counts across the runs of a property, checked afterwards so that a generator change cannot
 * make a property vacuous (not when replaying one counterexample with FC_PATH).
 */
function coverage(counts: Record<string, number>): void {
  if (process.env['FC_PATH']) return
  for (const [what, n] of Object.entries(counts))
    expect(n, `no run exercised: ${what}`).toBeGreaterThan(0)
}

const dirs: string[] = []
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-props-'))
  dirs.push(dir)
  return join(dir, 'node.db')
}
function cleanup(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}
afterEach(cleanup)

/** JSON with bigints as numbers-in-strings and addresses as actor names: for messages. */
function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? (nameOf.get(v) ?? v) : v,
  )
}

// --------------------------------------------------------------------------------------------
// running a scenario on a chain

interface Submitted {
  id: Hex
  signer: Address
  tx: SignedTx
}

interface BlockRun {
  spec: BlockSpec
  produced: ProducedBlock
  height: bigint
  /** Block time in unix seconds. */
  time: bigint
  /** Included transactions, in block order. */
  included: Submitted[]
  /** Balances of every known address before the block: `${symbol}/${address}` → amount. */
  before: Map<string, bigint>
}

const balanceKey = (symbol: string, holder: Address): string => `${symbol}/${holder}`
const showBalanceKey = (key: string): string => {
  const [symbol, holder] = key.split('/')
  return `${symbol} of ${nameOf.get(holder ?? '') ?? holder}`
}

function balances(state: StateView): Map<string, bigint> {
  const out = new Map<string, bigint>()
  for (const symbol of realSymbols)
    for (const holder of known)
      out.set(balanceKey(symbol, holder), balanceOf(state, symbol, holder))
  return out
}

function tokenOf(state: StateView, symbol: string): Token | undefined {
  return state.get<Token>(keys.token(symbol))
}

function instructionOf(state: StateView, id: Hex): Instruction | undefined {
  return state.get<Instruction>(keys.instruction(id))
}

const UNKNOWN_INSTRUCTION: Hex = `0x${'ab'.repeat(32)}`

class Run {
  readonly genesis: Genesis
  readonly chain: Chain
  readonly submitted = new Map<Hex, Submitted>()
  /** Mirror of the chain's pool: submitted, neither included nor dropped. */
  private readonly pooled = new Map<Hex, Submitted>()
  /** Ids of every CreateInstruction submitted, in order (included or not). */
  readonly instructions: Hex[] = []
  readonly blocks: BlockRun[] = []
  private timeMs = GENESIS_TIME_MS

  constructor(readonly scenario: Scenario) {
    this.genesis = testGenesis({
      balances: scenario.balances,
      acmeRules: Object.fromEntries(
        Object.entries(scenario.acmeRules).map(([k, v]) => [
          k,
          typeof v === 'bigint' ? v.toString() : v,
        ]),
      ),
    })
    this.chain = Chain.open({
      store: Store.open(tempPath()),
      genesis: this.genesis,
      validatorKeys: validators.map((v) => v.key),
    })
  }

  /** Runs every block of the scenario, calling `observe` after each. */
  all(observe: (block: BlockRun) => void = () => undefined): this {
    for (const spec of this.scenario.blocks) observe(this.block(spec))
    return this
  }

  block(spec: BlockSpec): BlockRun {
    this.timeMs += spec.gap * 1000n
    const time = this.timeMs / 1000n
    const state = this.chain.state()
    const before = balances(state)
    const made = spec.actions.map((action) => ({ action, ...this.materialize(action, state) }))
    // The pool orders a block by signer (first arrival, txs still waiting first), then by nonce;
    // sign in that order, dry-running each tx on a scratch view so that the next nonce of a
    // signer counts only the txs the block will accept.
    const order = [...new Set([...this.pooled.values()].map((t) => t.signer))]
    for (const m of made) if (!order.includes(m.who.address)) order.push(m.who.address)
    made.sort((a, b) => order.indexOf(a.who.address) - order.indexOf(b.who.address))
    const dry = state.fork()
    const ctx: BlockContext = {
      domain: this.chain.domain,
      height: this.chain.head().height + 1n,
      time,
    }
    for (const m of made) {
      const signer = m.who.address
      const nonce = pickNonce(m.action.replay, nonceOf(dry, signer), nonceOf(state, signer))
      const validUntil = m.action.replay === 'expired' ? time - 1n : FAR_FUTURE
      const tx = signTx({
        domain: testDomain,
        kind: m.kind,
        message: { ...m.message, from: signer, nonce, validUntil } as never,
        privateKey: m.who.key,
      })
      let id: Hex
      try {
        id = this.chain.submit(tx)
      } catch (error) {
        // refused at the door: a spent nonce, or the very same tx still waiting in the pool
        if (!(error instanceof CustosError)) throw error
        continue
      }
      const submitted = { id, signer, tx }
      this.submitted.set(id, submitted)
      this.pooled.set(id, submitted)
      if (tx.kind === 'CreateInstruction') this.instructions.push(id)
      try {
        applyTx(dry, ctx, submitted)
      } catch (error) {
        if (!(error instanceof CustosError)) throw error
      }
    }
    const produced = this.chain.produceBlock(this.timeMs)
    const included = produced.included.map((id) => {
      const tx = this.submitted.get(id)
      if (!tx) throw new Error(`block ${produced.head.height} includes unknown tx ${id}`)
      this.pooled.delete(id)
      return tx
    })
    for (const { id, error } of produced.rejected) {
      const nonce = this.pooled.get(id)?.tx.message.nonce ?? 0n
      const waiting =
        error instanceof NonceMismatch && nonce > BigInt(String(error.details['expected']))
      if (!waiting) this.pooled.delete(id)
    }
    const run: BlockRun = { spec, produced, height: produced.head.height, time, included, before }
    this.blocks.push(run)
    return run
  }

  close(): void {
    this.chain.store.close()
  }

  /** `holder` sends (or holds) the amount, `to` receives it. */
  private amount(
    spec: AmountSpec,
    state: StateView,
    symbol: Sym,
    holder: Who,
    to: Who = holder,
  ): bigint {
    if (typeof spec === 'bigint') return spec
    if (typeof spec === 'object') {
      const rules = tokenOf(state, symbol)?.rules
      const base =
        spec.near === 'cap'
          ? (rules?.maxBalancePerHolder ?? 0n) - balanceOf(state, symbol, actors[to].address)
          : (rules?.maxTransferPerPeriod ?? 0n)
      const amount = base + spec.plus
      return amount > 0n ? amount : 0n
    }
    const balance = balanceOf(state, symbol, actors[holder].address)
    return spec === 'all' ? balance : spec === 'half' ? balance / 2n : balance + 1n
  }

  /** An instruction created before this block (see `InstructionRef`). */
  private instruction(
    ref: InstructionRef,
    state: StateView,
  ): { id: Hex; legs: Leg[]; affirmedBy: Address[] } {
    const created = this.instructions.filter((id) => instructionOf(state, id))
    const pending = created.filter((id) => instructionOf(state, id)?.status === 'pending')
    const among = ref.among === 'pending' && pending.length > 0 ? pending : created
    if (among.length === 0) return { id: UNKNOWN_INSTRUCTION, legs: [], affirmedBy: [] }
    const id = among[ref.index % among.length] as Hex
    const instruction = instructionOf(state, id) as Instruction
    return { id, legs: instruction.legs, affirmedBy: instruction.affirmedBy }
  }

  private materialize(
    a: Action,
    state: StateView,
  ): { who: Actor; kind: TxKind; message: Record<string, unknown> } {
    const addr = (w: Who): Address => actors[w].address
    switch (a.kind) {
      case 'Transfer':
      case 'Mint':
        return {
          who: actors[a.by],
          kind: a.kind,
          message: {
            symbol: a.symbol,
            to: addr(a.to),
            amount: this.amount(
              a.amount,
              state,
              a.symbol,
              a.kind === 'Transfer' ? a.by : a.to,
              a.to,
            ),
          },
        }
      case 'Redeem':
      case 'SetFrozenAmount':
        return {
          who: actors[a.by],
          kind: a.kind,
          message: {
            symbol: a.symbol,
            holder: addr(a.holder),
            amount: this.amount(a.amount, state, a.symbol, a.holder),
          },
        }
      case 'ForcedTransfer':
        return {
          who: actors[a.by],
          kind: a.kind,
          message: {
            symbol: a.symbol,
            holder: addr(a.holder),
            to: addr(a.to),
            amount: this.amount(a.amount, state, a.symbol, a.holder, a.to),
          },
        }
      case 'SetPaused':
        return { who: actors[a.by], kind: a.kind, message: { symbol: a.symbol, paused: a.paused } }
      case 'FreezeAddress':
        return {
          who: actors[a.by],
          kind: a.kind,
          message: { symbol: a.symbol, holder: addr(a.holder), frozen: a.frozen },
        }
      case 'RecoverAddress':
        return {
          who: actors[a.by],
          kind: a.kind,
          message: { symbol: a.symbol, lost: addr(a.lost), replacement: addr(a.replacement) },
        }
      case 'SetComplianceRules':
        return { who: actors[a.by], kind: a.kind, message: { symbol: a.symbol, rules: a.rules } }
      case 'CreateInstruction': {
        const legs: Leg[] = a.legs.map((l) => ({
          symbol: l.symbol,
          from: addr(l.from),
          to: addr(l.to),
          amount: l.amount,
        }))
        return {
          who: partyActor(a.by, legs, []),
          kind: a.kind,
          message: {
            reference: `T-${this.instructions.length + 1}`,
            legs,
            settleBy: this.timeMs / 1000n + a.settleIn,
          },
        }
      }
      case 'AffirmInstruction':
      case 'RejectInstruction': {
        const { id, legs, affirmedBy } = this.instruction(a.instruction, state)
        return {
          who: partyActor(a.by, legs, affirmedBy),
          kind: a.kind,
          message:
            a.kind === 'AffirmInstruction'
              ? { instructionId: id }
              : { instructionId: id, reason: 'declined' },
        }
      }
    }
  }
}

/** `next`: the signer's next nonce counting the txs of this block expected to be accepted. */
function pickNonce(replay: Replay, next: bigint, stateNonce: bigint): bigint {
  switch (replay) {
    case 'next':
    case 'expired':
      return next
    case 'gap':
      return next + 1_000n
    case 'stale':
      return stateNonce > 0n ? stateNonce - 1n : next + 1_000n
    case 'dup':
      return next > stateNonce ? next - 1n : next + 1_000n
  }
}

const actorOf = (address: Address): Actor =>
  actors[(nameOf.get(address) ?? 'stranger') as Who] ?? stranger

function partyActor(ref: PartyRef, legs: readonly Leg[], affirmedBy: readonly Address[]): Actor {
  if (ref.role === 'anyone') return actors[ref.who]
  const senders = [...new Set(legs.map((l) => l.from))]
  const unaffirmed = senders.filter((s) => !affirmedBy.includes(s))
  const list =
    ref.role === 'receiver'
      ? [...new Set(legs.map((l) => l.to))]
      : ref.role === 'unaffirmed' && unaffirmed.length > 0
        ? unaffirmed
        : senders
  if (list.length === 0) return stranger
  return actorOf(list[ref.index % list.length] as Address)
}

// --------------------------------------------------------------------------------------------
// a reference model of the rules, replayed over the INCLUDED transactions of each block

interface FreezeState {
  frozen: boolean
  frozenAmount: bigint
}
interface Sent {
  period: bigint
  amount: bigint
}

/** Balances and per-holder counters; cloned to try DvP legs all together. */
class Ledger {
  balances = new Map<string, bigint>()
  freeze = new Map<string, FreezeState>()
  sent = new Map<string, Sent>()
  supply = new Map<string, bigint>()
  /** maxBalancePerHolder in force when each balance last increased. */
  balanceLimit = new Map<string, bigint>()
  /** maxHolders in force when each token's holder count last grew. */
  holderLimit = new Map<string, bigint>()

  clone(): Ledger {
    const c = new Ledger()
    c.balances = new Map(this.balances)
    c.freeze = new Map(this.freeze)
    c.sent = new Map(this.sent)
    c.supply = new Map(this.supply)
    c.balanceLimit = new Map(this.balanceLimit)
    c.holderLimit = new Map(this.holderLimit)
    return c
  }

  balance(symbol: string, holder: Address): bigint {
    return this.balances.get(balanceKey(symbol, holder)) ?? 0n
  }

  freezeOf(symbol: string, holder: Address): FreezeState {
    return this.freeze.get(balanceKey(symbol, holder)) ?? { frozen: false, frozenAmount: 0n }
  }

  holders(symbol: string): bigint {
    let n = 0n
    for (const [key, amount] of this.balances) if (key.startsWith(`${symbol}/`) && amount > 0n) n++
    return n
  }
}

interface ModelToken {
  issuer: Address
  paused: boolean
  rules: ComplianceRules
  /** Rules replaced since genesis (existing balances are then grandfathered). */
  rulesChanged: boolean
}

interface ModelInstruction {
  id: Hex
  legs: Leg[]
  settleBy: bigint
  senders: Address[]
  parties: Address[]
  affirmed: Set<Address>
  status: InstructionStatus
}

type Mode = 'transfer' | 'mint' | 'redeem' | 'forced'

const isoCodes = new Set(['DE', 'FR', 'US', 'GB', 'KP', 'CN', 'RU'])

class Violation extends Error {}

class Model {
  ledger = new Ledger()
  readonly tokens = new Map<string, ModelToken>()
  readonly nonces = new Map<Address, bigint>()
  readonly instructions = new Map<Hex, ModelInstruction>()
  readonly claims = new Map<Address, Participant['claims']>()
  /** Instructions the chain settled or failed, as replayed (for coverage). */
  readonly settlements = { settled: 0, failed: 0 }
  /** The tx being replayed, for messages. */
  private current = ''

  constructor(genesis: Genesis) {
    for (const p of genesis.participants) {
      const claims: Participant['claims'] = {}
      for (const c of p.claims) claims[c.topic] = { ...c }
      this.claims.set(p.address, claims)
    }
    for (const t of genesis.tokens) {
      const rules: ComplianceRules = { ...t.rules }
      this.tokens.set(t.symbol, { issuer: t.issuer, paused: false, rules, rulesChanged: false })
      this.ledger.holderLimit.set(t.symbol, rules.maxHolders)
      let supply = 0n
      for (const b of t.balances) {
        this.ledger.balances.set(balanceKey(t.symbol, b.holder), b.amount)
        this.ledger.balanceLimit.set(balanceKey(t.symbol, b.holder), rules.maxBalancePerHolder)
        supply += b.amount
      }
      this.ledger.supply.set(t.symbol, supply)
    }
  }

  private fail(what: string): never {
    throw new Violation(`${this.current}: ${what}`)
  }

  private claim(who: Address, topic: 'kyc' | 'accredited' | 'jurisdiction', time: bigint) {
    const claim = this.claims.get(who)?.[topic]
    if (!claim || (claim.expiresAt !== 0n && claim.expiresAt <= time)) return undefined
    return claim
  }

  /** Why `to` may not hold the token under `rules` (identity rules only), or undefined. */
  identityProblem(rules: ComplianceRules, to: Address, time: bigint): string | undefined {
    if (rules.kycRequired && !this.claim(to, 'kyc', time)) return 'receiver has no KYC'
    if (rules.accreditationRequired && !this.claim(to, 'accredited', time))
      return 'receiver not accredited'
    if (rules.allowJurisdictions.length > 0 || rules.denyJurisdictions.length > 0) {
      const j = this.claim(to, 'jurisdiction', time)?.value
      if (rules.allowJurisdictions.length > 0 && (!j || !rules.allowJurisdictions.includes(j)))
        return `receiver jurisdiction ${j ?? 'unknown'} not allowed`
      if (rules.denyJurisdictions.length > 0 && (!j || rules.denyJurisdictions.includes(j)))
        return `receiver jurisdiction ${j ?? 'unknown'} denied`
    }
    return undefined
  }

  /**
   * Applies a movement to `l` if every rule passes and returns undefined; otherwise returns
   * the reason and leaves `l` untouched.
   */
  move(
    l: Ledger,
    m: { symbol: string; from?: Address; to?: Address; amount: bigint; mode: Mode },
    time: bigint,
  ): string | undefined {
    const { symbol, from, to, amount, mode } = m
    const token = this.tokens.get(symbol)
    if (!token) return `unknown token ${symbol}`
    const rules = token.rules
    if (amount <= 0n) return 'amount is not positive'
    if (from !== undefined && from === to) return 'sender is the receiver'
    const before = l.holders(symbol)
    let holders = before
    let supply = l.supply.get(symbol) ?? 0n
    let sent: Sent | undefined
    const fromBalance = from ? l.balance(symbol, from) : 0n
    if (from) {
      if (fromBalance < amount) return 'insufficient balance'
      if (mode === 'transfer') {
        if (token.paused) return 'token paused'
        if (l.freezeOf(symbol, from).frozen) return 'sender frozen'
        if (to && l.freezeOf(symbol, to).frozen) return 'receiver frozen'
        if (rules.kycRequired && !this.claim(from, 'kyc', time)) return 'sender has no KYC'
        if (time < rules.lockupUntil) return 'locked up'
        if (fromBalance - l.freezeOf(symbol, from).frozenAmount < amount)
          return 'amount exceeds the unfrozen balance'
        if (rules.maxTransferPerPeriod > 0n) {
          const period = time / rules.transferPeriod
          const s = l.sent.get(balanceKey(symbol, from))
          const already = s && s.period === period ? s.amount : 0n
          if (already + amount > rules.maxTransferPerPeriod) return 'transfer limit'
          sent = { period, amount: already + amount }
        }
      }
      if (fromBalance === amount) holders--
    } else {
      supply += amount
      if (supply > MAX_UINT256) return 'supply overflow'
    }
    let toBalance = 0n
    if (to) {
      const was = l.balance(symbol, to)
      toBalance = was + amount
      if (was === 0n) holders++
      const identity = this.identityProblem(rules, to, time)
      if (identity) return identity
      if (rules.maxBalancePerHolder > 0n && toBalance > rules.maxBalancePerHolder)
        return 'max balance'
      if (rules.maxHolders > 0n && holders > rules.maxHolders) return 'max holders'
    } else {
      supply -= amount
    }
    // passes: write
    if (from) {
      l.balances.set(balanceKey(symbol, from), fromBalance - amount)
      if (sent) l.sent.set(balanceKey(symbol, from), sent)
      if (mode !== 'transfer') {
        const f = l.freezeOf(symbol, from)
        if (f.frozenAmount > fromBalance - amount)
          l.freeze.set(balanceKey(symbol, from), { ...f, frozenAmount: fromBalance - amount })
      }
    }
    if (to) {
      l.balances.set(balanceKey(symbol, to), toBalance)
      l.balanceLimit.set(balanceKey(symbol, to), rules.maxBalancePerHolder)
    }
    if (holders > before) l.holderLimit.set(symbol, rules.maxHolders)
    l.supply.set(symbol, supply)
    return undefined
  }

  private agent(symbol: string, signer: Address): ModelToken {
    const token = this.tokens.get(symbol)
    if (!token) this.fail(`unknown token ${symbol}`)
    if (token.issuer !== signer) this.fail(`${nameOf.get(signer)} is not the agent of ${symbol}`)
    return token
  }

  private moveOrFail(m: Parameters<Model['move']>[1], time: bigint): void {
    const problem = this.move(this.ledger, m, time)
    if (problem) this.fail(`included although refused by the rules: ${problem}`)
  }

  /** Replays one included transaction; throws a Violation if the rules forbid it. */
  apply(s: Submitted, b: { height: bigint; time: bigint; state: StateView }): void {
    const { tx, signer } = s
    const time = b.time
    this.current = `block ${b.height}: ${nameOf.get(signer)} ${tx.kind} ${show(tx.message)}`
    const expected = this.nonces.get(signer) ?? 0n
    if (tx.message.nonce !== expected) this.fail(`nonce ${tx.message.nonce}, expected ${expected}`)
    if (tx.message.validUntil < time) this.fail('included after its validUntil')
    this.nonces.set(signer, expected + 1n)
    switch (tx.kind) {
      case 'Transfer': {
        const m = tx.message
        this.moveOrFail(
          { symbol: m.symbol, from: signer, to: m.to, amount: m.amount, mode: 'transfer' },
          time,
        )
        return
      }
      case 'Mint': {
        const m = tx.message
        this.agent(m.symbol, signer)
        this.moveOrFail({ symbol: m.symbol, to: m.to, amount: m.amount, mode: 'mint' }, time)
        return
      }
      case 'Redeem': {
        const m = tx.message
        this.agent(m.symbol, signer)
        this.moveOrFail(
          { symbol: m.symbol, from: m.holder, amount: m.amount, mode: 'redeem' },
          time,
        )
        return
      }
      case 'ForcedTransfer': {
        const m = tx.message
        this.agent(m.symbol, signer)
        this.moveOrFail(
          { symbol: m.symbol, from: m.holder, to: m.to, amount: m.amount, mode: 'forced' },
          time,
        )
        return
      }
      case 'SetPaused': {
        this.agent(tx.message.symbol, signer).paused = tx.message.paused
        return
      }
      case 'FreezeAddress': {
        const m = tx.message
        this.agent(m.symbol, signer)
        const key = balanceKey(m.symbol, m.holder)
        this.ledger.freeze.set(key, {
          ...this.ledger.freezeOf(m.symbol, m.holder),
          frozen: m.frozen,
        })
        return
      }
      case 'SetFrozenAmount': {
        const m = tx.message
        this.agent(m.symbol, signer)
        if (m.amount > this.ledger.balance(m.symbol, m.holder))
          this.fail('frozen amount exceeds the balance')
        const key = balanceKey(m.symbol, m.holder)
        this.ledger.freeze.set(key, {
          ...this.ledger.freezeOf(m.symbol, m.holder),
          frozenAmount: m.amount,
        })
        return
      }
      case 'RecoverAddress': {
        const m = tx.message
        this.agent(m.symbol, signer)
        const balance = this.ledger.balance(m.symbol, m.lost)
        if (balance === 0n) this.fail('recovered an empty address')
        const lostFreeze = this.ledger.freezeOf(m.symbol, m.lost)
        const attempt = this.ledger.clone()
        attempt.freeze.delete(balanceKey(m.symbol, m.lost))
        const problem = this.move(
          attempt,
          { symbol: m.symbol, from: m.lost, to: m.replacement, amount: balance, mode: 'forced' },
          time,
        )
        if (problem) this.fail(`included although refused by the rules: ${problem}`)
        const previous = attempt.freezeOf(m.symbol, m.replacement)
        attempt.freeze.set(balanceKey(m.symbol, m.replacement), {
          frozen: previous.frozen || lostFreeze.frozen,
          frozenAmount: previous.frozenAmount + lostFreeze.frozenAmount,
        })
        this.ledger = attempt
        return
      }
      case 'SetComplianceRules': {
        const m = tx.message
        const token = this.agent(m.symbol, signer)
        for (const list of [m.rules.allowJurisdictions, m.rules.denyJurisdictions]) {
          if (list.some((c) => !isoCodes.has(c))) this.fail('accepted an unknown country code')
          if (new Set(list).size !== list.length) this.fail('accepted a duplicate country code')
        }
        if (m.rules.maxTransferPerPeriod > 0n && m.rules.transferPeriod === 0n)
          this.fail('accepted a transfer limit without a period')
        token.rules = m.rules
        token.rulesChanged = true
        return
      }
      case 'CreateInstruction': {
        const m = tx.message
        if (m.legs.length === 0) this.fail('created an instruction without legs')
        m.legs.forEach((leg, i) => {
          if (leg.amount <= 0n) this.fail(`leg ${i} amount is not positive`)
          if (leg.from === leg.to) this.fail(`leg ${i} sends to its sender`)
          if (!this.tokens.has(leg.symbol)) this.fail(`leg ${i} names unknown ${leg.symbol}`)
        })
        if (m.settleBy <= time) this.fail('created with a deadline in the past')
        const senders = [...new Set(m.legs.map((l) => l.from))]
        const parties = [...new Set(m.legs.flatMap((l) => [l.from, l.to]))]
        if (!parties.includes(signer)) this.fail('created by a non-party')
        if (this.instructions.has(s.id)) this.fail('instruction created twice')
        const instruction: ModelInstruction = {
          id: s.id,
          legs: m.legs,
          settleBy: m.settleBy,
          senders,
          parties,
          affirmed: new Set(senders.includes(signer) ? [signer] : []),
          status: 'pending',
        }
        this.instructions.set(s.id, instruction)
        if (senders.every((x) => instruction.affirmed.has(x))) this.settle(instruction, b)
        return
      }
      case 'AffirmInstruction': {
        const instruction = this.instructions.get(tx.message.instructionId)
        if (!instruction) this.fail('affirmed an unknown instruction')
        if (instruction.status !== 'pending') this.fail(`affirmed a ${instruction.status} one`)
        if (time > instruction.settleBy) this.fail('affirmed after the deadline')
        if (!instruction.senders.includes(signer)) this.fail('affirmed by a non-sender')
        if (instruction.affirmed.has(signer)) this.fail('affirmed twice')
        instruction.affirmed.add(signer)
        if (instruction.senders.every((x) => instruction.affirmed.has(x)))
          this.settle(instruction, b)
        return
      }
      case 'RejectInstruction': {
        const instruction = this.instructions.get(tx.message.instructionId)
        if (!instruction) this.fail('rejected an unknown instruction')
        if (instruction.status !== 'pending') this.fail(`rejected a ${instruction.status} one`)
        if (!instruction.parties.includes(signer)) this.fail('rejected by a non-party')
        instruction.status = 'rejected'
        return
      }
      default:
        this.fail('unexpected kind')
    }
  }

  /**
   * The last affirmation: every leg moves, or none. The chain's own verdict (read after the
   * block) must match the model's: settled only if every leg passes the rules, failed only if
   * one does not.
   */
  private settle(
    instruction: ModelInstruction,
    b: { height: bigint; time: bigint; state: StateView },
  ) {
    const actual = instructionOf(b.state, instruction.id)
    if (!actual) this.fail('instruction missing from the state')
    if ((actual.status !== 'settled' && actual.status !== 'failed') || actual.closedAt !== b.height)
      this.fail(
        `fully affirmed, but the chain has it ${actual.status} (closed at ${actual.closedAt})`,
      )
    const attempt = this.ledger.clone()
    let problem: string | undefined
    for (const [i, leg] of instruction.legs.entries()) {
      const p = this.move(attempt, { ...leg, mode: 'transfer' }, b.time)
      if (p) {
        problem = `leg ${i + 1}: ${p}`
        break
      }
    }
    if (actual.status === 'settled') {
      if (problem) this.fail(`settled although ${problem}`)
      this.ledger = attempt
    } else if (!problem) {
      this.fail(`failed (${actual.reason}) although every leg passes`)
    }
    instruction.status = actual.status
    this.settlements[actual.status]++
  }

  /** End of block: pending instructions past their deadline expire. */
  endBlock(time: bigint): void {
    for (const instruction of this.instructions.values())
      if (instruction.status === 'pending' && time > instruction.settleBy)
        instruction.status = 'expired'
  }

  /** The chain's state equals the model's, key by key. */
  compare(state: StateView, height: bigint): void {
    const where = `after block ${height}`
    for (const symbol of realSymbols) {
      const token = tokenOf(state, symbol)
      const model = this.tokens.get(symbol) as ModelToken
      expect(token, `${where}: ${symbol}`).toBeDefined()
      if (!token) return
      expect(token.paused, `${where}: ${symbol} paused`).toBe(model.paused)
      expect(token.rules, `${where}: ${symbol} rules`).toEqual(model.rules)
      expect(token.totalSupply, `${where}: ${symbol} supply`).toBe(this.ledger.supply.get(symbol))
      expect(token.holderCount, `${where}: ${symbol} holders`).toBe(this.ledger.holders(symbol))
      for (const holder of known) {
        const who = `${where}: ${symbol} of ${nameOf.get(holder)}`
        expect(balanceOf(state, symbol, holder), `${who} balance`).toBe(
          this.ledger.balance(symbol, holder),
        )
        expect(freezeOf(state, symbol, holder), `${who} freeze`).toEqual(
          this.ledger.freezeOf(symbol, holder),
        )
      }
    }
    expect(tokenOf(state, 'NOPE'), `${where}: NOPE exists`).toBeUndefined()
    for (const who of known)
      expect(nonceOf(state, who), `${where}: nonce of ${nameOf.get(who)}`).toBe(
        this.nonces.get(who) ?? 0n,
      )
    for (const instruction of this.instructions.values())
      expect(instructionOf(state, instruction.id)?.status, `${where}: instruction status`).toBe(
        instruction.status,
      )
  }

  /** Replays one block of the chain, then compares states. */
  block(block: BlockRun, state: StateView): void {
    for (const tx of block.included)
      this.apply(tx, { height: block.height, time: block.time, state })
    this.endBlock(block.time)
    this.compare(state, block.height)
  }
}

// --------------------------------------------------------------------------------------------

describe('state machine properties', () => {
  it('total supply of each asset changes only by mint and redeem', () => {
    const seen = { Mint: 0, Redeem: 0 }
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = new Run(scenario)
        try {
          const supply = new Map<string, bigint>(
            run.genesis.tokens.map((t) => [
              t.symbol,
              t.balances.reduce((n, b) => n + b.amount, 0n),
            ]),
          )
          run.all((block) => {
            for (const { tx } of block.included) {
              if (tx.kind === 'Mint' || tx.kind === 'Redeem') {
                seen[tx.kind]++
                const before = supply.get(tx.message.symbol)
                expect(before, `${tx.kind} of unknown ${tx.message.symbol} included`).toBeDefined()
                const delta = tx.kind === 'Mint' ? tx.message.amount : -tx.message.amount
                supply.set(tx.message.symbol, (before ?? 0n) + delta)
              }
            }
            const state = run.chain.state()
            for (const symbol of realSymbols) {
              const token = tokenOf(state, symbol)
              const where = `block ${block.height} ${symbol}`
              expect(token?.totalSupply, `${where} totalSupply`).toBe(supply.get(symbol))
              const sum = known.reduce((n, who) => n + balanceOf(state, symbol, who), 0n)
              expect(sum, `${where}: Σ balances`).toBe(token?.totalSupply)
            }
            expect(tokenOf(state, 'NOPE')).toBeUndefined()
          })
        } finally {
          run.close()
          cleanup()
        }
      }),
      fcParams(100),
    )
    coverage(seen)
  })

  it('no state ever violates a token’s compliance rules', () => {
    const seen = { 'included transfer': 0, 'compliance refusal': 0, 'rules change': 0 }
    fc.assert(
      fc.property(scenarioArb({ agentWeight: 3 }), (scenario) => {
        const run = new Run(scenario)
        try {
          const model = new Model(run.genesis)
          run.all((block) => {
            const state = run.chain.state()
            // every included tx passed the rules in force when it ran (sender not frozen, token
            // not paused, receiver KYC'd, jurisdiction allowed, caps, lock-up, limits …), and
            // the state equals the model's replay of exactly those txs
            model.block(block, state)
            for (const { tx } of block.included)
              if (tx.kind === 'Transfer') seen['included transfer']++
              else if (tx.kind === 'SetComplianceRules') seen['rules change']++
            for (const { error } of block.produced.rejected)
              if (error instanceof ComplianceRejected) seen['compliance refusal']++
            // state-level invariants
            for (const symbol of realSymbols) {
              const token = tokenOf(state, symbol) as Token
              const where = `after block ${block.height}: ${symbol}`
              const holders = known.filter((h) => balanceOf(state, symbol, h) > 0n)
              expect(token.holderCount, `${where} holderCount`).toBe(BigInt(holders.length))
              const holderLimit = model.ledger.holderLimit.get(symbol) ?? 0n
              if (holderLimit > 0n)
                expect(token.holderCount, `${where} holders ≤ maxHolders`).toBeLessThanOrEqual(
                  holderLimit,
                )
              for (const h of holders) {
                const limit = model.ledger.balanceLimit.get(balanceKey(symbol, h)) ?? 0n
                if (limit > 0n)
                  expect(
                    balanceOf(state, symbol, h),
                    `${where} balance of ${nameOf.get(h)} ≤ maxBalancePerHolder when credited`,
                  ).toBeLessThanOrEqual(limit)
              }
              if (!(model.tokens.get(symbol) as ModelToken).rulesChanged) {
                // rules never changed: every holder satisfies them as they stand
                const rules = token.rules
                if (rules.maxHolders > 0n)
                  expect(token.holderCount).toBeLessThanOrEqual(rules.maxHolders)
                for (const h of holders) {
                  if (rules.maxBalancePerHolder > 0n)
                    expect(balanceOf(state, symbol, h)).toBeLessThanOrEqual(
                      rules.maxBalancePerHolder,
                    )
                  expect(
                    model.identityProblem(rules, h, block.time),
                    `${where}: holder ${nameOf.get(h)}`,
                  ).toBeUndefined()
                }
              }
            }
          })
        } finally {
          run.close()
          cleanup()
        }
      }),
      fcParams(100),
    )
    coverage(seen)
  })

  it('DvP settlement is all-or-nothing', () => {
    const seen = { settled: 0, failed: 0, 'block of instruction txs only': 0 }
    fc.assert(
      fc.property(
        scenarioArb({ dvpWeight: 4, dvpBlocks: true, minBlocks: 2, maxBlocks: 6 }),
        (scenario) => {
          const run = new Run(scenario)
          try {
            const model = new Model(run.genesis)
            run.all((block) => {
              const state = run.chain.state()
              // the model moves every leg of an instruction the chain settled and none of one
              // it failed, rejected, expired or left pending; balances must agree exactly
              model.block(block, state)
              // and without the model: in a block of instruction txs only, balances move by
              // exactly the legs of the instructions settled in it
              const onlyInstructions = block.included.every((t) =>
                ['CreateInstruction', 'AffirmInstruction', 'RejectInstruction'].includes(t.tx.kind),
              )
              if (!onlyInstructions) return
              if (block.included.length > 0) seen['block of instruction txs only']++
              const expected = new Map(block.before)
              for (const id of run.instructions) {
                const instruction = instructionOf(state, id)
                if (instruction?.status !== 'settled' || instruction.closedAt !== block.height)
                  continue
                for (const leg of instruction.legs) {
                  const from = balanceKey(leg.symbol, leg.from)
                  const to = balanceKey(leg.symbol, leg.to)
                  expected.set(from, (expected.get(from) ?? 0n) - leg.amount)
                  expected.set(to, (expected.get(to) ?? 0n) + leg.amount)
                }
              }
              const after = balances(state)
              for (const [key, amount] of expected)
                expect(after.get(key), `block ${block.height}: ${showBalanceKey(key)}`).toBe(amount)
            })
            seen.settled += model.settlements.settled
            seen.failed += model.settlements.failed
          } finally {
            run.close()
            cleanup()
          }
        },
      ),
      fcParams(100),
    )
    coverage(seen)
  })

  it('replaying the same blocks on a fresh store gives the same state root', () => {
    fc.assert(
      fc.property(scenarioArb({ maxBlocks: 4 }), (scenario) => {
        const run = new Run(scenario).all()
        const replica = Chain.open({ store: Store.open(tempPath()), genesis: run.genesis })
        try {
          const head = run.chain.head()
          expect(replica.head().hash, 'genesis block').toBe(
            headerHash(run.chain.store.header(0n) as Header),
          )
          for (let h = 1n; h <= head.height; h++) {
            const block = run.chain.store.block(h)
            const commit = run.chain.store.commit(h)
            if (!block || !commit) throw new Error(`block ${h} missing`)
            const imported = replica.importBlock(block, commit)
            expect(imported.header.stateRoot, `state root at ${h}`).toBe(
              run.chain.store.header(h)?.stateRoot,
            )
          }
          expect(replica.head().hash).toBe(head.hash)
          expect(replica.store.stateRoot()).toBe(run.chain.store.stateRoot())
          expect(run.chain.store.checkIntegrity().ok).toBe(true)
          expect(replica.store.checkIntegrity().ok).toBe(true)
        } finally {
          replica.store.close()
          run.close()
          cleanup()
        }
      }),
      fcParams(50),
    )
  })

  it('a state proof verifies, and any tampering with it fails verification', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ maxBlocks: 3, maxActions: 10 }),
        fc.array(fc.tuple(proofKeyArb, tamperArb), { minLength: 1, maxLength: 8 }),
        async (scenario, cases) => {
          const run = new Run(scenario).all()
          try {
            const store = run.chain.store
            const root = run.chain.head().header.stateRoot
            const genesisRoot = store.header(0n)?.stateRoot as Hex
            for (const [keySpec, tamper] of cases) {
              const key = proofKey(keySpec, run)
              const proof = store.prove(key)
              const proven = await verifyStateProof(root, proof)
              const stored = store.get(key)
              expect(proven === null ? null : toHex(proven), `proof of ${key}`).toBe(
                stored ? toHex(stored) : null,
              )
              const bad = tamperWith(proof, tamper, root, genesisRoot)
              if (!bad) continue
              await expect(
                verifyStateProof(bad.root, bad.proof),
                `${tamper.kind} of the proof of ${key}`,
              ).rejects.toBeInstanceOf(BadProof)
            }
          } finally {
            run.close()
            cleanup()
          }
        },
      ),
      fcParams(25),
    )
  })
})

// --------------------------------------------------------------------------------------------
// proofs

type ProofKeySpec =
  | { kind: 'balance'; symbol: Sym; who: Who }
  | { kind: 'token'; symbol: Sym }
  | { kind: 'participant'; who: Who }
  | { kind: 'nonce'; who: Who }
  | { kind: 'freeze'; symbol: Sym; who: Who }
  | { kind: 'instruction'; index: number }
  | { kind: 'fixed'; key: 'chain' | 'params' | 'validators' | 'instructions/pending' }
  | { kind: 'absent'; suffix: string }

const proofKeyArb: fc.Arbitrary<ProofKeySpec> = fc.oneof(
  fc.record({
    kind: fc.constant('balance' as const),
    symbol: fc.constantFrom(...symbols),
    who: fc.constantFrom(...whos),
  }),
  fc.record({ kind: fc.constant('token' as const), symbol: fc.constantFrom(...symbols) }),
  fc.record({ kind: fc.constant('participant' as const), who: fc.constantFrom(...whos) }),
  fc.record({ kind: fc.constant('nonce' as const), who: fc.constantFrom(...whos) }),
  fc.record({
    kind: fc.constant('freeze' as const),
    symbol: fc.constantFrom(...symbols),
    who: fc.constantFrom(...whos),
  }),
  fc.record({ kind: fc.constant('instruction' as const), index: fc.nat(7) }),
  fc.record({
    kind: fc.constant('fixed' as const),
    key: fc.constantFrom('chain', 'params', 'validators', 'instructions/pending' as const),
  }),
  fc.record({ kind: fc.constant('absent' as const), suffix: fc.string({ maxLength: 12 }) }),
)

function proofKey(spec: ProofKeySpec, run: Run): string {
  switch (spec.kind) {
    case 'balance':
      return keys.balance(spec.symbol, actors[spec.who].address)
    case 'token':
      return keys.token(spec.symbol)
    case 'participant':
      return keys.participant(actors[spec.who].address)
    case 'nonce':
      return keys.nonce(actors[spec.who].address)
    case 'freeze':
      return keys.freeze(spec.symbol, actors[spec.who].address)
    case 'instruction':
      return keys.instruction(
        run.instructions.length === 0
          ? UNKNOWN_INSTRUCTION
          : (run.instructions[spec.index % run.instructions.length] as Hex),
      )
    case 'fixed':
      return spec.key
    case 'absent':
      return `absent/${spec.suffix}`
  }
}

type Tamper =
  | { kind: 'flip-byte'; node: number; offset: number; xor: number }
  | { kind: 'wrong-value'; how: 'flip' | 'append' | 'drop' | 'null-or-some' }
  | { kind: 'truncate'; keep: number }
  | { kind: 'drop-first' }
  | { kind: 'other-root'; which: 'genesis' | 'random'; bytes: Uint8Array }

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    kind: fc.constant('flip-byte' as const),
    node: fc.nat(),
    offset: fc.nat(),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('wrong-value' as const),
    how: fc.constantFrom('flip', 'append', 'drop', 'null-or-some' as const),
  }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('drop-first' as const) }),
  fc.record({
    kind: fc.constant('other-root' as const),
    which: fc.constantFrom('genesis', 'random' as const),
    bytes: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  }),
)

/** The tampered proof and root to verify against, or undefined if the tamper is a no-op. */
function tamperWith(
  proof: StateProof,
  t: Tamper,
  root: Hex,
  genesisRoot: Hex,
): { proof: StateProof; root: Hex } | undefined {
  switch (t.kind) {
    case 'flip-byte': {
      const i = t.node % proof.nodes.length
      const node = fromHex(proof.nodes[i] as Hex)
      node[t.offset % node.length] = (node[t.offset % node.length] as number) ^ t.xor
      const nodes = [...proof.nodes]
      nodes[i] = toHex(node)
      return { proof: { ...proof, nodes }, root }
    }
    case 'wrong-value': {
      const value = proof.value === null ? null : fromHex(proof.value)
      let wrong: Hex | null
      if (t.how === 'null-or-some' || value === null || (t.how === 'drop' && value.length === 0))
        wrong = value === null ? toHex(new TextEncoder().encode('"0"')) : null
      else if (t.how === 'append') wrong = toHex(new Uint8Array([...value, 0x20]))
      else if (t.how === 'drop') wrong = toHex(value.slice(0, -1))
      else {
        const flipped = new Uint8Array(value)
        flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 0x01
        wrong = toHex(flipped)
      }
      return { proof: { ...proof, value: wrong }, root }
    }
    case 'truncate':
      return { proof: { ...proof, nodes: proof.nodes.slice(0, t.keep % proof.nodes.length) }, root }
    case 'drop-first':
      return { proof: { ...proof, nodes: proof.nodes.slice(1) }, root }
    case 'other-root': {
      const other = t.which === 'genesis' ? genesisRoot : toHex(t.bytes)
      return other === root ? undefined : { proof, root: other }
    }
  }
}
