/**
 * The bad-input table of the acceptance list: every row feeds one bad input to a fresh chain
 * and checks that it is refused with its typed error (class, stable `code`, the compliance
 * `rule` where one applies, a message naming the rule or field) and changes nothing: same
 * state root, same nonces, balances and token records, and for inputs refused at submission
 * the same head and pool. Inputs refused when a block executes them come back in
 * `produced.rejected`, and that block includes nothing and keeps the previous state root.
 *
 * Where an input is refused is part of the row (`at`):
 * - `sign`: the client library refuses to sign or encode it (nothing reaches the chain);
 * - `submit`: `chain.submit` throws (decoding, size limits, chain id, signature, replay);
 * - `execute`: `chain.submit` accepts it and the state machine refuses it in `produceBlock`.
 */
import { RLP, type Input, type NestedUint8Array } from '@ethereumjs/rlp'
import { afterEach, describe, expect, it } from 'vitest'
import { Chain, type ProducedBlock } from '../../../src/node/chain'
import {
  AlreadyExists,
  BadSignature,
  ComplianceRejected,
  CustosError,
  encodeTx,
  FieldTooLarge,
  InsufficientBalance,
  InvalidStatus,
  InvalidValue,
  limits,
  MalformedError,
  NonCanonicalEncoding,
  NonceMismatch,
  NotFound,
  TxExpired,
  txKindTypes,
  Unauthorized,
  UnknownAsset,
  WrongChain,
  WrongSigner,
  bigintToBytes,
  bytesToBigint,
  concatBytes,
  fromHex,
  toHex,
  utf8,
  type ComplianceRule,
  type ComplianceRules,
  type CustosErrorCode,
  type Hex,
  type Leg,
  type SignedTx,
  type TxKind,
  type TxMessages,
} from '../../../src/node/protocol'
import { balanceOf, getToken, MAX_UINT256, noRules, nonceOf } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  actor,
  alice,
  bob,
  carol,
  dave,
  erin,
  FAR_FUTURE,
  GENESIS_TIME_MS,
  issuer,
  kycProvider,
  sign,
  stranger,
  testDomain,
  testGenesis,
  validators,
  type Actor,
  type GenesisOptions,
} from '../../fixtures/network'

// ---------------------------------------------------------------------------------------------
// chain and snapshot helpers

const frank = actor('frank')
const everyone: Actor[] = [issuer, kycProvider, alice, bob, carol, dave, erin, stranger, frank]
const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const ZERO32: Hex = `0x${'00'.repeat(32)}`
const GENESIS_TIME = GENESIS_TIME_MS / 1000n

interface Ctx {
  chain: Chain
  /** Produces the next block one second after the head (deterministic block times). */
  produce: () => ProducedBlock
  /** Submits a tx and produces a block that must include it; returns its id. */
  include: (tx: SignedTx) => Hex
  /** The signer's next nonce. */
  next: (who: Actor) => bigint
  /** Values a row's setup hands to its build step. */
  memo: { tx?: SignedTx; instructionId?: Hex }
}

const stores: Store[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

function newCtx(genesis: GenesisOptions | undefined): Ctx {
  const store = Store.open(':memory:')
  stores.push(store)
  const chain = Chain.open({
    store,
    genesis: testGenesis(genesis),
    validatorKeys: validators.map((v) => v.key),
  })
  const produce = (): ProducedBlock => chain.produceBlock(chain.head().header.timeMs + 1000n)
  return {
    chain,
    produce,
    include: (tx) => {
      const id = chain.submit(tx)
      const produced = produce()
      expect(produced.rejected.map((r) => r.error.message)).toEqual([])
      expect(produced.included).toEqual([id])
      return id
    },
    next: (who) => nonceOf(chain.state(), who.address),
    memo: {},
  }
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`setup did not provide ${what}`)
  return value
}

/** Everything a refused input must leave untouched. */
function snapshot(chain: Chain) {
  const state = chain.state()
  const tokens = ['ACME', 'EURC'].map((symbol) => getToken(state, symbol))
  return {
    stateRoot: chain.store.stateRoot(),
    nonces: Object.fromEntries(everyone.map((a) => [a.name, nonceOf(state, a.address)])),
    balances: Object.fromEntries(
      tokens.map((t) => [
        t.symbol,
        Object.fromEntries(everyone.map((a) => [a.name, balanceOf(state, t.symbol, a.address)])),
      ]),
    ),
    tokens,
  }
}

/** Replaces some of ACME's rules through its agent (a setup step; genesis mints under the
 * rules, so rules that would refuse the genesis holders cannot be set there). */
function setAcmeRules(ctx: Ctx, overrides: Partial<ComplianceRules>): void {
  const rules = { ...getToken(ctx.chain.state(), 'ACME').rules, ...overrides }
  ctx.include(sign(issuer, 'SetComplianceRules', { symbol: 'ACME', rules }, ctx.next(issuer)))
}

// ---------------------------------------------------------------------------------------------
// transaction builders

function transfer(
  from: Actor,
  to: Actor,
  amount: bigint,
  nonce = 0n,
  symbol = 'ACME',
  validUntil = FAR_FUTURE,
): SignedTx {
  return sign(from, 'Transfer', { symbol, to: to.address, amount, validUntil }, nonce)
}

function tokenMessage(
  overrides: Partial<Omit<TxMessages['CreateToken'], 'from' | 'nonce' | 'validUntil'>> = {},
): Omit<TxMessages['CreateToken'], 'from' | 'nonce' | 'validUntil'> {
  return {
    symbol: 'BOND30',
    name: 'Acme 2030 Bond',
    decimals: 2n,
    assetClass: 'security',
    documentsHash: ZERO32,
    identifiers: ['ISIN:DE000A1EWWW1'],
    rules: { ...noRules },
    ...overrides,
  }
}

/** The DvP of chain.test.ts: alice delivers ACME to carol against carol's EURC. */
function dvpLegs(): Leg[] {
  return [
    { symbol: 'ACME', from: alice.address, to: carol.address, amount: 100n },
    { symbol: 'EURC', from: carol.address, to: alice.address, amount: 5_000n },
  ]
}

function createDvp(ctx: Ctx, settleBy = 4_000_000_000n): void {
  const tx = sign(alice, 'CreateInstruction', { reference: 'T-1', settleBy, legs: dvpLegs() })
  ctx.memo.instructionId = ctx.include(tx)
}

/** A signed tx object with its message fields replaced after signing (bypassing signTx). */
function tampered(tx: SignedTx, changes: Record<string, unknown>): SignedTx {
  return { ...tx, message: { ...tx.message, ...changes } } as SignedTx
}

function withSignature(tx: SignedTx, signature: Uint8Array): SignedTx {
  return { ...tx, signature: toHex(signature) }
}

function signatureParts(tx: SignedTx): { r: bigint; s: bigint; v: number } {
  const bytes = fromHex(tx.signature)
  return {
    r: bytesToBigint(bytes.subarray(0, 32)),
    s: bytesToBigint(bytes.subarray(32, 64)),
    v: bytes[64] ?? 0,
  }
}

function signatureOf(r: bigint, s: bigint, v: number): Uint8Array {
  const word = (x: bigint): Uint8Array => {
    const raw = bigintToBytes(x)
    const out = new Uint8Array(32)
    out.set(raw, 32 - raw.length)
    return out
  }
  return concatBytes(word(r), word(s), Uint8Array.of(v))
}

// raw RLP: items are given already encoded so that non-canonical pieces survive intact

const enc = (input: Input): Uint8Array => RLP.encode(input)

function rawList(...encodedItems: Uint8Array[]): Uint8Array {
  const payload = concatBytes(...encodedItems)
  if (payload.length < 56) return concatBytes(Uint8Array.of(0xc0 + payload.length), payload)
  const length = bigintToBytes(BigInt(payload.length))
  return concatBytes(Uint8Array.of(0xf7 + length.length), length, payload)
}

/** The four envelope items of a (valid) tx, each encoded, and its message items decoded. */
function pieces(tx: SignedTx): { envelope: Uint8Array[]; message: NestedUint8Array } {
  const decoded = RLP.decode(encodeTx(tx)) as NestedUint8Array
  return {
    envelope: decoded.map((item) => enc(item)),
    message: decoded[2] as NestedUint8Array,
  }
}

function fieldIndex(kind: TxKind, field: string): number {
  const index = txKindTypes[kind].findIndex((f) => f.name === field)
  if (index < 0) throw new Error(`${kind} has no field ${field}`)
  return index
}

/** The tx's bytes with one message field replaced by raw (already encoded) bytes. */
function withRawField(tx: SignedTx, field: string, raw: Uint8Array): Uint8Array {
  const { envelope, message } = pieces(tx)
  const items = message.map((item) => enc(item))
  items[fieldIndex(tx.kind, field)] = raw
  return rawList(
    envelope[0] as Uint8Array,
    envelope[1] as Uint8Array,
    rawList(...items),
    envelope[3] as Uint8Array,
  )
}

/** The tx's bytes with its message items replaced. */
function withMessageItems(tx: SignedTx, edit: (items: Uint8Array[]) => Uint8Array[]): Uint8Array {
  const { envelope, message } = pieces(tx)
  const items = edit(message.map((item) => enc(item)))
  return rawList(
    envelope[0] as Uint8Array,
    envelope[1] as Uint8Array,
    rawList(...items),
    envelope[3] as Uint8Array,
  )
}

// ---------------------------------------------------------------------------------------------
// the table

type Attempt =
  | { at: 'sign'; run: () => unknown }
  | { at: 'submit'; tx: SignedTx | Uint8Array }
  | { at: 'execute'; tx: SignedTx }

interface BadInput {
  name: string
  genesis?: GenesisOptions
  setup?: (ctx: Ctx) => void
  /** Whose nonce must not move. */
  signer: Actor
  build: (ctx: Ctx) => Attempt
  error: abstract new (...args: never[]) => CustosError
  code: CustosErrorCode
  rule?: ComplianceRule
  /** What the message must name (defaults to the rule for compliance rows). */
  mentions?: string | RegExp
}

const signing = (run: () => unknown): Attempt => ({ at: 'sign', run })
const submitting = (tx: SignedTx | Uint8Array): Attempt => ({ at: 'submit', tx })
const executing = (tx: SignedTx): Attempt => ({ at: 'execute', tx })

/** A compliance row: alice sends 1 ACME to `to` (unless `build` says otherwise). */
function compliance(
  rule: ComplianceRule,
  name: string,
  row: Partial<BadInput> & { to?: Actor; amount?: bigint },
): BadInput {
  const { to = bob, amount = 1n, ...rest } = row
  return {
    name: `compliance ${rule}: ${name}`,
    signer: alice,
    build: (ctx) => executing(transfer(alice, to, amount, ctx.next(alice))),
    error: ComplianceRejected,
    code: 'COMPLIANCE_REJECTED',
    rule,
    ...rest,
  }
}

/** An agent action signed by alice, who is not ACME's agent. */
/** Agent actions refused when a holder signs them; the control test has the agent sign each. */
const agentControls: Array<(who: Actor) => SignedTx> = []

/** An agent action signed by alice, who is not ACME's agent. */
function unauthorizedAgent<K extends TxKind>(
  kind: K,
  message: Parameters<typeof sign<K>>[2],
): BadInput {
  agentControls.push((who) => sign(who, kind, message))
  return {
    name: `unauthorized agent action: ${kind} signed by a holder, not the agent`,
    signer: alice,
    build: () => executing(sign(alice, kind, message)),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: /not an agent of ACME and may not/,
  }
}

const highS = (tx: SignedTx): SignedTx => {
  const { r, s, v } = signatureParts(tx)
  return withSignature(tx, signatureOf(r, CURVE_N - s, v === 27 ? 28 : 27))
}

const cases: BadInput[] = [
  // --- chain id and signatures (submission) ---------------------------------------------------
  {
    name: 'wrong chain id (signed for chain 7002)',
    signer: alice,
    build: () =>
      submitting(
        sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 1n }, 0n, {
          ...testDomain,
          chainId: 7002n,
        }),
      ),
    error: WrongChain,
    code: 'WRONG_CHAIN',
    mentions: 'chain 7002',
  },
  {
    name: 'wrong chain id in raw bytes',
    signer: alice,
    build: () =>
      submitting(
        encodeTx(
          sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 1n }, 0n, {
            ...testDomain,
            chainId: 7002n,
          }),
        ),
      ),
    error: WrongChain,
    code: 'WRONG_CHAIN',
    mentions: 'chain 7002',
  },
  {
    name: 'signed for another verifying contract (same chain id) recovers another signer',
    signer: alice,
    build: () =>
      submitting(
        sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 1n }, 0n, {
          ...testDomain,
          verifyingContract: '0x00000000000000000000000000000000000c0576',
        }),
      ),
    error: WrongSigner,
    code: 'WRONG_SIGNER',
    mentions: alice.address,
  },
  {
    name: 'bad signature: r = 0',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      const { s, v } = signatureParts(tx)
      return submitting(withSignature(tx, signatureOf(0n, s, v)))
    },
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: /signature: r is out of range/,
  },
  {
    name: 'bad signature: v = 29',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      const { r, s } = signatureParts(tx)
      return submitting(withSignature(tx, signatureOf(r, s, 29)))
    },
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'v must be 27 or 28, got 29',
  },
  {
    name: 'bad signature: s = n (out of range) in raw bytes',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      const { r, v } = signatureParts(tx)
      const { envelope } = pieces(tx)
      return submitting(
        rawList(
          envelope[0] as Uint8Array,
          envelope[1] as Uint8Array,
          envelope[2] as Uint8Array,
          enc(signatureOf(r, CURVE_N, v)),
        ),
      )
    },
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 's is out of range',
  },
  {
    name: 'bad signature: 64 bytes',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      return submitting(withSignature(tx, fromHex(tx.signature).subarray(0, 64)))
    },
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'expected 65 bytes, got 64',
  },
  {
    name: 'bad signature: not hex',
    signer: alice,
    build: () => submitting({ ...transfer(alice, bob, 1n), signature: `0x${'zz'.repeat(65)}` }),
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'not hex',
  },
  {
    name: 'bad signature: r is not the x of any curve point (no key recovers)',
    signer: alice,
    build: () => submitting(withSignature(transfer(alice, bob, 1n), signatureOf(5n, 1n, 27))),
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'no public key recovers',
  },
  {
    name: 'high-s (malleable) twin of a valid signature',
    signer: alice,
    build: () => submitting(highS(transfer(alice, bob, 1n))),
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'malleable',
  },
  {
    name: 'high-s twin in raw bytes',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      const { envelope } = pieces(tx)
      return submitting(
        rawList(
          envelope[0] as Uint8Array,
          envelope[1] as Uint8Array,
          envelope[2] as Uint8Array,
          enc(fromHex(highS(tx).signature)),
        ),
      )
    },
    error: BadSignature,
    code: 'BAD_SIGNATURE',
    mentions: 'malleable',
  },
  {
    name: "signature of another signer (bob's key, message.from = alice)",
    signer: alice,
    build: () =>
      submitting(
        sign(bob, 'Transfer', {
          symbol: 'ACME',
          to: carol.address,
          amount: 1n,
          from: alice.address,
        }),
      ),
    error: WrongSigner,
    code: 'WRONG_SIGNER',
    mentions: `Signed by ${bob.address}, expected ${alice.address}`,
  },
  {
    name: 'signature of another signer: message.from changed after signing',
    signer: bob,
    build: () => submitting(tampered(transfer(alice, carol, 1n), { from: bob.address })),
    error: WrongSigner,
    code: 'WRONG_SIGNER',
    mentions: `expected ${bob.address}`,
  },
  {
    name: 'signed message altered after signing (amount) recovers someone else',
    signer: alice,
    build: () => submitting(tampered(transfer(alice, bob, 1n), { amount: 1_000n })),
    error: WrongSigner,
    code: 'WRONG_SIGNER',
    mentions: `expected ${alice.address}`,
  },

  // --- replay -----------------------------------------------------------------------------------
  {
    name: 'reused nonce: a different tx with an included nonce 0',
    setup: (ctx) => {
      ctx.include(transfer(alice, bob, 1n, 0n))
    },
    signer: alice,
    build: () => submitting(transfer(alice, bob, 2n, 0n)),
    error: NonceMismatch,
    code: 'NONCE_MISMATCH',
    mentions: 'already used',
  },
  {
    name: 'reused nonce: the exact same tx resubmitted after inclusion',
    setup: (ctx) => {
      ctx.memo.tx = transfer(alice, bob, 1n, 0n)
      ctx.include(ctx.memo.tx)
    },
    signer: alice,
    build: (ctx) => submitting(must(ctx.memo.tx, 'tx')),
    error: NonceMismatch,
    code: 'NONCE_MISMATCH',
    mentions: 'already used',
  },
  {
    name: 'the exact same tx resubmitted after inclusion, as bytes',
    setup: (ctx) => {
      ctx.memo.tx = transfer(alice, bob, 1n, 0n)
      ctx.include(ctx.memo.tx)
    },
    signer: alice,
    build: (ctx) => submitting(encodeTx(must(ctx.memo.tx, 'tx'))),
    error: NonceMismatch,
    code: 'NONCE_MISMATCH',
    mentions: 'already used',
  },
  {
    name: 'the same tx twice in the pool',
    setup: (ctx) => {
      ctx.memo.tx = transfer(alice, bob, 1n, 0n)
      ctx.chain.submit(ctx.memo.tx)
    },
    signer: alice,
    build: (ctx) => submitting(must(ctx.memo.tx, 'tx')),
    error: AlreadyExists,
    code: 'ALREADY_EXISTS',
    mentions: 'already exists',
  },
  {
    name: 'a nonce gap (nonce 5 when 0 is next) is refused at execution',
    signer: alice,
    build: () => executing(transfer(alice, bob, 1n, 5n)),
    error: NonceMismatch,
    code: 'NONCE_MISMATCH',
    mentions: 'earlier transactions are missing',
  },
  {
    name: 'expired validUntil (valid until the head time; the next block is 1 s later)',
    signer: alice,
    build: (ctx) =>
      executing(transfer(alice, bob, 1n, 0n, 'ACME', ctx.chain.head().header.timeMs / 1000n)),
    error: TxExpired,
    code: 'TX_EXPIRED',
    mentions: `valid until ${GENESIS_TIME}; block time is ${GENESIS_TIME + 1n}`,
  },

  // --- assets and amounts -------------------------------------------------------------------------
  {
    name: 'unknown asset: Transfer of NOPE',
    signer: alice,
    build: () => executing(transfer(alice, bob, 1n, 0n, 'NOPE')),
    error: UnknownAsset,
    code: 'UNKNOWN_ASSET',
    mentions: '"NOPE"',
  },
  {
    name: 'unknown asset: Mint of NOPE by the issuer',
    signer: issuer,
    build: () => executing(sign(issuer, 'Mint', { symbol: 'NOPE', to: alice.address, amount: 1n })),
    error: UnknownAsset,
    code: 'UNKNOWN_ASSET',
    mentions: '"NOPE"',
  },
  {
    name: 'amount 0',
    signer: alice,
    build: () => executing(transfer(alice, bob, 0n)),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: must be greater than zero',
  },
  {
    name: 'negative amount: refused when signing',
    signer: alice,
    build: () => signing(() => transfer(alice, bob, -1n)),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: must not be negative',
  },
  {
    name: 'negative amount: a signed tx object altered to -1 is refused when encoding at submit',
    signer: alice,
    build: () => submitting(tampered(transfer(alice, bob, 1n), { amount: -1n })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: must not be negative',
  },
  {
    name: 'amount 2^256: refused when signing',
    signer: alice,
    build: () => signing(() => transfer(alice, bob, 1n << 256n)),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: does not fit in uint256',
  },
  {
    name: 'amount 2^256: a signed tx object altered is refused when encoding at submit',
    signer: alice,
    build: () => submitting(tampered(transfer(alice, bob, 1n), { amount: 1n << 256n })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: does not fit in uint256',
  },
  {
    name: 'amount of 33 bytes (2^256) in raw bytes is refused when decoding',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'amount', enc(bigintToBytes(1n << 256n)))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.amount: does not fit in uint256',
  },
  {
    name: 'decimals 300 in CreateToken (uint8 overflow): refused when signing',
    signer: issuer,
    build: () => signing(() => sign(issuer, 'CreateToken', tokenMessage({ decimals: 300n }))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateToken.decimals: does not fit in uint8',
  },
  {
    name: 'decimals 300 (two bytes) in raw CreateToken bytes',
    signer: issuer,
    build: () =>
      submitting(
        withRawField(
          sign(issuer, 'CreateToken', tokenMessage()),
          'decimals',
          enc(bigintToBytes(300n)),
        ),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateToken.decimals: does not fit in uint8',
  },
  {
    name: 'decimals 19 in CreateToken (fits uint8, above the protocol maximum 18)',
    signer: issuer,
    build: () => executing(sign(issuer, 'CreateToken', tokenMessage({ decimals: 19n }))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateToken.decimals: must be at most 18',
  },
  {
    name: 'a Mint that would push total supply past 2^256 − 1',
    signer: issuer,
    build: () =>
      executing(sign(issuer, 'Mint', { symbol: 'EURC', to: alice.address, amount: MAX_UINT256 })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Mint.amount: total supply would overflow uint256',
  },
  {
    name: 'insufficient balance: more than the sender holds',
    signer: alice,
    build: () => executing(transfer(alice, bob, 1_000_001n)),
    error: InsufficientBalance,
    code: 'INSUFFICIENT_BALANCE',
    mentions: `${alice.address} has 1000000 ACME available (unfrozen); 1000001 needed`,
  },
  {
    name: 'insufficient balance: a sender holding none (erin has no ACME)',
    signer: erin,
    build: () => executing(transfer(erin, bob, 1n)),
    error: InsufficientBalance,
    code: 'INSUFFICIENT_BALANCE',
    mentions: 'has 0 ACME available',
  },
  {
    name: 'a transfer to oneself',
    signer: alice,
    build: () => executing(transfer(alice, alice, 1n)),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer: sender and receiver are the same address',
  },

  // --- oversized fields ---------------------------------------------------------------------------
  {
    name: 'a 300-byte string: refused when signing',
    signer: alice,
    build: () => signing(() => sign(alice, 'RegisterParticipant', { name: 'x'.repeat(300) })),
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: `RegisterParticipant.name is 300 long; the limit is ${limits.maxStringBytes}`,
  },
  {
    name: 'a 300-byte string in raw bytes',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'symbol', enc(utf8('A'.repeat(300))))),
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: 'Transfer.symbol is 300 long',
  },
  {
    name: '65 legs: refused when signing',
    signer: alice,
    build: () =>
      signing(() =>
        sign(alice, 'CreateInstruction', {
          reference: 'T-65',
          settleBy: FAR_FUTURE,
          legs: Array.from({ length: 65 }, () => dvpLegs()[0] as Leg),
        }),
      ),
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: `CreateInstruction.legs is 65 long; the limit is ${limits.maxListLength}`,
  },
  {
    name: '65 legs in raw bytes',
    signer: alice,
    build: () => {
      const tx = sign(alice, 'CreateInstruction', {
        reference: 'T-65',
        settleBy: FAR_FUTURE,
        legs: dvpLegs(),
      })
      const index = fieldIndex('CreateInstruction', 'legs')
      const legs = pieces(tx).message[index] as NestedUint8Array
      return submitting(
        withRawField(
          tx,
          'legs',
          enc(Array.from({ length: 65 }, () => legs[0] as NestedUint8Array)),
        ),
      )
    },
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: 'CreateInstruction.legs is 65 long',
  },
  {
    name: '17 legs (encodable, above the network parameter maxLegs = 16)',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', {
          reference: 'T-17',
          settleBy: FAR_FUTURE,
          legs: Array.from({ length: 17 }, () => dvpLegs()[0] as Leg),
        }),
      ),
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: 'CreateInstruction.legs is 17 long; the limit is 16',
  },
  {
    name: `a whole tx over maxTxBytes (${limits.maxTxBytes}) with every field within its limit`,
    signer: alice,
    build: () => {
      const leg: Leg = {
        symbol: 'A'.repeat(limits.maxStringBytes),
        from: alice.address,
        to: bob.address,
        amount: MAX_UINT256,
      }
      const legs = Array.from({ length: limits.maxListLength }, () => leg)
      // signing checks each field; the envelope size is checked when encoding (at submit)
      return submitting(
        sign(alice, 'CreateInstruction', { reference: 'BIG', settleBy: FAR_FUTURE, legs }),
      )
    },
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: `transaction is`,
  },
  {
    name: 'raw bytes over maxTxBytes',
    signer: alice,
    build: () => {
      const tx = transfer(alice, bob, 1n)
      // pad the envelope with an extra item so the bytes exceed the limit before anything else
      const { envelope } = pieces(tx)
      return submitting(rawList(...envelope, enc(new Uint8Array(limits.maxTxBytes))))
    },
    error: FieldTooLarge,
    code: 'FIELD_TOO_LARGE',
    mentions: `; the limit is ${limits.maxTxBytes}`,
  },

  // --- non-canonical and malformed encodings --------------------------------------------------------
  {
    name: 'integer with a leading zero byte (amount 1 as 00 01)',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'amount', enc(Uint8Array.of(0, 1)))),
    error: NonCanonicalEncoding,
    code: 'NON_CANONICAL',
    mentions: 'Transfer.amount: integer has leading zero bytes',
  },
  {
    name: 'integer zero as the byte 00 (nonce)',
    signer: alice,
    build: () => submitting(withRawField(transfer(alice, bob, 1n), 'nonce', enc(Uint8Array.of(0)))),
    error: NonCanonicalEncoding,
    code: 'NON_CANONICAL',
    mentions: 'Transfer.nonce: integer has leading zero bytes',
  },
  {
    name: 'bool encoded as 0x02',
    signer: issuer,
    build: () =>
      submitting(
        withRawField(
          sign(issuer, 'SetPaused', { symbol: 'ACME', paused: true }),
          'paused',
          enc(Uint8Array.of(2)),
        ),
      ),
    error: NonCanonicalEncoding,
    code: 'NON_CANONICAL',
    mentions: 'SetPaused.paused: bool must be empty or 0x01',
  },
  {
    // @ethereumjs/rlp refuses non-minimal prefixes itself, so codec.ts reports MalformedError
    name: 'non-minimal RLP length prefix of a string (b8 04 "ACME")',
    signer: alice,
    build: () =>
      submitting(
        withRawField(transfer(alice, bob, 1n), 'symbol', Uint8Array.of(0xb8, 4, ...utf8('ACME'))),
      ),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: not valid RLP',
  },
  {
    name: 'non-minimal RLP length prefix of the envelope list (f9 00 nn)',
    signer: alice,
    build: () => {
      const bytes = encodeTx(transfer(alice, bob, 1n))
      expect(bytes[0]).toBe(0xf8) // one length byte
      const payload = bytes.subarray(2)
      return submitting(concatBytes(Uint8Array.of(0xf9, 0, payload.length), payload))
    },
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: not valid RLP',
  },
  {
    name: 'a single byte below 0x80 wrapped in a string prefix (81 41)',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'symbol', Uint8Array.of(0x81, 0x41))),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: not valid RLP',
  },
  {
    name: 'trailing garbage bytes',
    signer: alice,
    build: () =>
      submitting(concatBytes(encodeTx(transfer(alice, bob, 1n)), Uint8Array.of(0xde, 0xad))),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: not valid RLP',
  },
  {
    name: 'no bytes at all',
    signer: alice,
    build: () => submitting(new Uint8Array(0)),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: no bytes',
  },
  {
    name: 'truncated bytes',
    signer: alice,
    build: () => {
      const bytes = encodeTx(transfer(alice, bob, 1n))
      return submitting(bytes.subarray(0, bytes.length - 1))
    },
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction: not valid RLP',
  },
  {
    name: 'wrong list arity: a message with one field too many',
    signer: alice,
    build: () =>
      submitting(withMessageItems(transfer(alice, bob, 1n), (items) => [...items, enc(1)])),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'Transfer: Transfer has 6 fields, got 7',
  },
  {
    name: 'wrong list arity: a message with one field too few',
    signer: alice,
    build: () =>
      submitting(withMessageItems(transfer(alice, bob, 1n), (items) => items.slice(0, -1))),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'Transfer has 6 fields, got 5',
  },
  {
    name: 'wrong list arity: an envelope of 5 items',
    signer: alice,
    build: () =>
      submitting(rawList(...pieces(transfer(alice, bob, 1n)).envelope, enc(new Uint8Array(0)))),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'transaction must be a list of 4 items',
  },
  {
    name: 'a list where a string is expected (symbol)',
    signer: alice,
    build: () => submitting(withRawField(transfer(alice, bob, 1n), 'symbol', enc([utf8('ACME')]))),
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'Transfer.symbol: expected bytes, got a list',
  },
  {
    name: 'an unknown transaction kind',
    signer: alice,
    build: () => {
      const { envelope } = pieces(transfer(alice, bob, 1n))
      return submitting(rawList(enc(utf8('Steal')), ...envelope.slice(1)))
    },
    error: MalformedError,
    code: 'MALFORMED',
    mentions: 'unknown transaction kind "Steal"',
  },
  {
    name: 'an address of 19 bytes',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'to', enc(new Uint8Array(19).fill(1)))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.to: address must be 20 bytes, got 19',
  },

  // --- text and identity values -------------------------------------------------------------------
  {
    name: 'invalid UTF-8 in a string (symbol 0xff)',
    signer: alice,
    build: () =>
      submitting(withRawField(transfer(alice, bob, 1n), 'symbol', enc(Uint8Array.of(0xff)))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'Transfer.symbol: text is not valid UTF-8',
  },
  {
    name: 'a lone surrogate in a string: refused when signing',
    signer: alice,
    build: () => signing(() => sign(alice, 'RegisterParticipant', { name: 'Al\uD800ice' })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'RegisterParticipant.name: text is not well-formed Unicode',
  },
  {
    name: 'a control character in a display name',
    signer: alice,
    build: () => executing(sign(alice, 'RegisterParticipant', { name: 'Alice\u202eGmbH' })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'RegisterParticipant.name: must not contain control characters',
  },
  {
    name: 'an empty participant name',
    signer: alice,
    build: () => executing(sign(alice, 'RegisterParticipant', { name: '   ' })),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'RegisterParticipant.name: must not be empty',
  },
  {
    name: 'symbol with lowercase letters in CreateToken',
    signer: issuer,
    build: () => executing(sign(issuer, 'CreateToken', tokenMessage({ symbol: 'acme2' }))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: /CreateToken\.symbol: "acme2" is not a symbol/,
  },
  {
    name: 'CreateToken of an existing symbol',
    signer: issuer,
    build: () => executing(sign(issuer, 'CreateToken', tokenMessage({ symbol: 'ACME' }))),
    error: AlreadyExists,
    code: 'ALREADY_EXISTS',
    mentions: 'token ACME already exists',
  },
  {
    name: 'CreateToken with an unknown asset class',
    signer: issuer,
    build: () => executing(sign(issuer, 'CreateToken', tokenMessage({ assetClass: 'crypto' }))),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateToken.assetClass: must be one of security, cash',
  },
  {
    name: 'unknown claim topic',
    signer: kycProvider,
    build: () =>
      executing(
        sign(kycProvider, 'IssueClaim', {
          subject: stranger.address,
          topic: 'vip',
          value: 'true',
          expiresAt: 0n,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'IssueClaim.topic: unknown claim topic "vip"',
  },
  {
    name: 'invalid country code in a jurisdiction claim',
    signer: kycProvider,
    build: () =>
      executing(
        sign(kycProvider, 'IssueClaim', {
          subject: stranger.address,
          topic: 'jurisdiction',
          value: 'XX',
          expiresAt: 0n,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'IssueClaim.value: "XX" is not an ISO-3166 alpha-2 country code',
  },
  {
    name: 'invalid country code (lowercase) in compliance rules',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'SetComplianceRules', {
          symbol: 'ACME',
          rules: { ...noRules, denyJurisdictions: ['kp'] },
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'SetComplianceRules.rules.denyJurisdictions: "kp" is not an ISO-3166',
  },
  {
    name: 'a claim that has already expired',
    signer: kycProvider,
    build: () =>
      executing(
        sign(kycProvider, 'IssueClaim', {
          subject: stranger.address,
          topic: 'kyc',
          value: 'true',
          expiresAt: GENESIS_TIME,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'IssueClaim.expiresAt: is already in the past',
  },
  {
    name: 'revoking a claim the subject does not have',
    signer: kycProvider,
    build: () =>
      executing(sign(kycProvider, 'RevokeClaim', { subject: stranger.address, topic: 'kyc' })),
    error: NotFound,
    code: 'NOT_FOUND',
    mentions: `kyc claim of ${stranger.address} not found`,
  },

  // --- compliance rules (each names its rule) -------------------------------------------------
  compliance('paused', 'ACME paused by its agent', {
    setup: (ctx) => {
      ctx.include(sign(issuer, 'SetPaused', { symbol: 'ACME', paused: true }))
    },
  }),
  compliance('frozen-address', 'sender frozen', {
    setup: (ctx) => {
      ctx.include(
        sign(issuer, 'FreezeAddress', { symbol: 'ACME', holder: alice.address, frozen: true }),
      )
    },
    mentions: `sender ${alice.address} is frozen`,
  }),
  compliance('frozen-address', 'receiver frozen', {
    setup: (ctx) => {
      ctx.include(
        sign(issuer, 'FreezeAddress', { symbol: 'ACME', holder: bob.address, frozen: true }),
      )
    },
    mentions: `receiver ${bob.address} is frozen`,
  }),
  compliance('frozen-amount', '999,999 of 1,000,000 frozen; sending 2', {
    setup: (ctx) => {
      ctx.include(
        sign(issuer, 'SetFrozenAmount', {
          symbol: 'ACME',
          holder: alice.address,
          amount: 999_999n,
        }),
      )
    },
    amount: 2n,
  }),
  compliance('kyc', 'receiver without claims (stranger)', {
    to: stranger,
    mentions: `receiver ${stranger.address} has no valid KYC claim`,
  }),
  compliance('kyc', "sender's KYC claim revoked", {
    setup: (ctx) => {
      ctx.include(sign(kycProvider, 'RevokeClaim', { subject: alice.address, topic: 'kyc' }))
    },
    mentions: `sender ${alice.address} has no valid KYC claim`,
  }),
  compliance('kyc', 'the agent mints to a receiver without claims', {
    signer: issuer,
    build: () =>
      executing(sign(issuer, 'Mint', { symbol: 'ACME', to: stranger.address, amount: 1n })),
  }),
  compliance('jurisdiction-allow', 'allow DE only; bob is FR', {
    setup: (ctx) => setAcmeRules(ctx, { allowJurisdictions: ['DE'] }),
    mentions: /jurisdiction FR is not in DE/,
  }),
  compliance('jurisdiction-deny', 'erin is KP', {
    to: erin,
    mentions: /jurisdiction KP is excluded/,
  }),
  compliance('accreditation', 'carol has no accreditation claim', {
    setup: (ctx) => setAcmeRules(ctx, { accreditationRequired: true }),
    to: carol,
    mentions: `receiver ${carol.address} is not an accredited investor`,
  }),
  compliance('max-holders', 'at 4 holders, a fifth eligible investor (erin, deny list lifted)', {
    genesis: { acmeRules: { maxHolders: 4, denyJurisdictions: [] } },
    to: erin,
    mentions: 'at most 4 holders',
  }),
  compliance('max-holders', 'a former holder (extra investor frank) rejoining at the cap', {
    genesis: { extraInvestors: [frank] },
    setup: (ctx) => {
      // frank (DE, KYC) holds ACME at genesis; he sends it all away, then holders are capped
      ctx.include(transfer(frank, alice, 1_000_000n, 0n))
      setAcmeRules(ctx, { maxHolders: 4n })
    },
    to: frank,
    mentions: 'at most 4 holders',
  }),
  compliance('max-balance', 'bob would hold 1,000,001 with the cap at 1,000,000', {
    genesis: { acmeRules: { maxBalancePerHolder: '1000000' } },
    mentions: 'the most one holder may hold is 1000000',
  }),
  compliance('lockup', 'locked up until 2100', {
    genesis: { acmeRules: { lockupUntil: FAR_FUTURE.toString() } },
    mentions: `locked up until ${FAR_FUTURE}`,
  }),
  compliance('transfer-limit', '101 against a limit of 100 per day', {
    genesis: { acmeRules: { maxTransferPerPeriod: 100, transferPeriod: 86_400 } },
    amount: 101n,
    mentions: 'the limit is 100',
  }),
  compliance('transfer-limit', '60 sent this period, 50 more against a limit of 100', {
    genesis: { acmeRules: { maxTransferPerPeriod: 100, transferPeriod: 86_400 } },
    setup: (ctx) => {
      ctx.include(transfer(alice, bob, 60n, 0n))
    },
    amount: 50n,
    mentions: 'has sent 60 this period; the limit is 100',
  }),

  compliance('kyc', 'the agent recovers an address to a replacement without claims', {
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'RecoverAddress', {
          symbol: 'ACME',
          lost: bob.address,
          replacement: stranger.address,
        }),
      ),
  }),
  compliance('jurisdiction-deny', 'the agent force-transfers to erin (KP)', {
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'ForcedTransfer', {
          symbol: 'ACME',
          holder: bob.address,
          to: erin.address,
          amount: 1n,
        }),
      ),
  }),

  // --- bad agent inputs ---------------------------------------------------------------------------
  {
    name: 'the agent redeems more than the holder has',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'Redeem', { symbol: 'ACME', holder: bob.address, amount: 1_000_001n }),
      ),
    error: InsufficientBalance,
    code: 'INSUFFICIENT_BALANCE',
    mentions: `${bob.address} has 1000000 ACME available`,
  },
  {
    name: 'the agent freezes more than the holder has',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'SetFrozenAmount', {
          symbol: 'ACME',
          holder: bob.address,
          amount: 1_000_001n,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'SetFrozenAmount.amount',
  },
  {
    name: 'the agent recovers an address that holds nothing',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'RecoverAddress', {
          symbol: 'ACME',
          lost: erin.address,
          replacement: frank.address,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: `RecoverAddress.lost: ${erin.address} holds no ACME`,
  },
  {
    name: 'rules with a transfer limit but no period',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'SetComplianceRules', {
          symbol: 'ACME',
          rules: { ...noRules, maxTransferPerPeriod: 10n },
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'SetComplianceRules.rules.transferPeriod',
  },
  {
    name: 'rules listing a jurisdiction twice',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'SetComplianceRules', {
          symbol: 'ACME',
          rules: { ...noRules, allowJurisdictions: ['DE', 'DE'] },
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'DE is listed twice',
  },
  {
    name: "a KYC claim with a value other than 'true'",
    signer: kycProvider,
    build: () =>
      executing(
        sign(kycProvider, 'IssueClaim', {
          subject: stranger.address,
          topic: 'kyc',
          value: 'yes',
          expiresAt: 0n,
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: "IssueClaim.value: a kyc claim has the value 'true'",
  },

  // --- unauthorized actions -----------------------------------------------------------------------
  unauthorizedAgent('Mint', { symbol: 'ACME', to: alice.address, amount: 1n }),
  unauthorizedAgent('Redeem', { symbol: 'ACME', holder: bob.address, amount: 1n }),
  unauthorizedAgent('SetPaused', { symbol: 'ACME', paused: true }),
  unauthorizedAgent('FreezeAddress', { symbol: 'ACME', holder: bob.address, frozen: true }),
  unauthorizedAgent('SetFrozenAmount', { symbol: 'ACME', holder: bob.address, amount: 1n }),
  unauthorizedAgent('ForcedTransfer', {
    symbol: 'ACME',
    holder: bob.address,
    to: alice.address,
    amount: 1n,
  }),
  unauthorizedAgent('RecoverAddress', {
    symbol: 'ACME',
    lost: bob.address,
    replacement: alice.address,
  }),
  unauthorizedAgent('SetComplianceRules', { symbol: 'ACME', rules: { ...noRules } }),
  {
    name: 'unauthorized: CreateToken by a participant without the issuer role (the KYC provider)',
    signer: kycProvider,
    build: () => executing(sign(kycProvider, 'CreateToken', tokenMessage())),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: 'does not hold the issuer role',
  },
  {
    name: 'unauthorized: IssueClaim by a participant without the claim-issuer role',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'IssueClaim', {
          subject: stranger.address,
          topic: 'kyc',
          value: 'true',
          expiresAt: 0n,
        }),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: `${alice.address} is not a trusted claim issuer`,
  },
  {
    name: 'unauthorized: IssueClaim by the token issuer (issuer role is not claim-issuer)',
    signer: issuer,
    build: () =>
      executing(
        sign(issuer, 'IssueClaim', {
          subject: stranger.address,
          topic: 'kyc',
          value: 'true',
          expiresAt: 0n,
        }),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: 'is not a trusted claim issuer',
  },
  {
    name: 'unauthorized: RevokeClaim by a participant without the claim-issuer role',
    signer: alice,
    build: () => executing(sign(alice, 'RevokeClaim', { subject: bob.address, topic: 'kyc' })),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: 'is not a trusted claim issuer',
  },

  // --- DvP ----------------------------------------------------------------------------------------
  {
    name: 'DvP: affirming by a participant who is no party',
    setup: (ctx) => createDvp(ctx),
    signer: bob,
    build: (ctx) =>
      executing(
        sign(bob, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: `${bob.address} sends nothing in instruction`,
  },
  {
    name: 'DvP: affirming by a party that only receives',
    setup: (ctx) => {
      const legs: Leg[] = [{ symbol: 'ACME', from: alice.address, to: bob.address, amount: 10n }]
      ctx.memo.instructionId = ctx.include(
        sign(bob, 'CreateInstruction', { reference: 'R-1', settleBy: FAR_FUTURE, legs }),
      )
    },
    signer: bob,
    build: (ctx) =>
      executing(
        sign(
          bob,
          'AffirmInstruction',
          { instructionId: must(ctx.memo.instructionId, 'id') },
          ctx.next(bob),
        ),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: `${bob.address} sends nothing in instruction`,
  },
  {
    name: 'DvP: affirming twice (the creator affirmed by creating)',
    setup: (ctx) => createDvp(ctx),
    signer: alice,
    build: (ctx) =>
      executing(
        sign(alice, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }, 1n),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: `${alice.address} has already affirmed it`,
  },
  {
    name: 'DvP: affirming a settled instruction',
    setup: (ctx) => {
      createDvp(ctx)
      ctx.include(
        sign(carol, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }),
      )
    },
    signer: carol,
    build: (ctx) =>
      executing(
        sign(carol, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }, 1n),
      ),
    error: InvalidStatus,
    code: 'INVALID_STATUS',
    mentions: 'is settled; cannot affirm',
  },
  {
    name: 'DvP: rejecting a settled instruction',
    setup: (ctx) => {
      createDvp(ctx)
      ctx.include(
        sign(carol, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }),
      )
    },
    signer: alice,
    build: (ctx) =>
      executing(
        sign(
          alice,
          'RejectInstruction',
          { instructionId: must(ctx.memo.instructionId, 'id'), reason: '' },
          1n,
        ),
      ),
    error: InvalidStatus,
    code: 'INVALID_STATUS',
    mentions: 'is settled; cannot reject',
  },
  {
    name: 'DvP: affirming an expired instruction',
    setup: (ctx) => {
      // created in block 1 (time +1 s) with settleBy +2 s; block 3 (+3 s) expires it
      createDvp(ctx, GENESIS_TIME + 2n)
      ctx.produce()
      ctx.produce()
    },
    signer: carol,
    build: (ctx) =>
      executing(
        sign(carol, 'AffirmInstruction', { instructionId: must(ctx.memo.instructionId, 'id') }),
      ),
    error: InvalidStatus,
    code: 'INVALID_STATUS',
    mentions: 'is expired; cannot affirm',
  },
  {
    name: 'DvP: affirming an unknown instruction',
    signer: carol,
    build: () =>
      executing(sign(carol, 'AffirmInstruction', { instructionId: `0x${'ab'.repeat(32)}` })),
    error: NotFound,
    code: 'NOT_FOUND',
    mentions: `instruction 0x${'ab'.repeat(32)} not found`,
  },
  {
    name: 'DvP: creating with a past settleBy',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', {
          reference: 'T-0',
          settleBy: GENESIS_TIME,
          legs: dvpLegs(),
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateInstruction.settleBy: is already in the past',
  },
  {
    name: 'DvP: creating by a participant who is no party',
    signer: bob,
    build: () =>
      executing(
        sign(bob, 'CreateInstruction', { reference: 'T-2', settleBy: FAR_FUTURE, legs: dvpLegs() }),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: `${bob.address} is not a party`,
  },
  {
    name: 'DvP: creating with no legs',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', { reference: 'T-3', settleBy: FAR_FUTURE, legs: [] }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateInstruction.legs: needs at least one leg',
  },
  {
    name: 'DvP: a leg of an unknown asset',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', {
          reference: 'T-4',
          settleBy: FAR_FUTURE,
          legs: [{ symbol: 'NOPE', from: alice.address, to: carol.address, amount: 1n }],
        }),
      ),
    error: UnknownAsset,
    code: 'UNKNOWN_ASSET',
    mentions: '"NOPE"',
  },
  {
    name: 'DvP: a leg whose sender is its receiver',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', {
          reference: 'T-6',
          settleBy: FAR_FUTURE,
          legs: [{ symbol: 'ACME', from: alice.address, to: alice.address, amount: 1n }],
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateInstruction.legs[0]: sender and receiver are the same',
  },
  {
    name: 'DvP: rejecting by a participant who is no party',
    setup: (ctx) => createDvp(ctx),
    signer: bob,
    build: (ctx) =>
      executing(
        sign(bob, 'RejectInstruction', {
          instructionId: must(ctx.memo.instructionId, 'id'),
          reason: 'no',
        }),
      ),
    error: Unauthorized,
    code: 'UNAUTHORIZED',
    mentions: `${bob.address} is not a party to instruction`,
  },
  {
    name: 'DvP: a leg of amount 0',
    signer: alice,
    build: () =>
      executing(
        sign(alice, 'CreateInstruction', {
          reference: 'T-5',
          settleBy: FAR_FUTURE,
          legs: [{ symbol: 'ACME', from: alice.address, to: carol.address, amount: 0n }],
        }),
      ),
    error: InvalidValue,
    code: 'INVALID_VALUE',
    mentions: 'CreateInstruction.legs[0].amount: must be greater than zero',
  },
]

// ---------------------------------------------------------------------------------------------

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

function runCase(c: BadInput): void {
  const ctx = newCtx(c.genesis)
  const { chain } = ctx
  c.setup?.(ctx)
  const before = snapshot(chain)
  const signerNonce = nonceOf(chain.state(), c.signer.address)
  const head = chain.head()
  const pooled = chain.pendingCount()

  const attempt = c.build(ctx)
  let error: unknown
  if (attempt.at === 'execute') {
    const id = chain.submit(attempt.tx)
    const produced = ctx.produce()
    expect(produced.included).toEqual([])
    expect(produced.rejected.map((r) => r.id)).toEqual([id])
    error = produced.rejected[0]?.error
    expect(produced.head.height).toBe(head.height + 1n)
    expect(produced.block.txs).toHaveLength(0)
    expect(produced.block.header.stateRoot).toBe(before.stateRoot)
  } else {
    const run = attempt.at === 'sign' ? attempt.run : () => chain.submit(attempt.tx)
    error = thrown(run)
    expect(chain.head()).toEqual(head)
    expect(chain.pendingCount()).toBe(pooled)
  }

  expect(error, 'the input must be refused').toBeInstanceOf(c.error)
  const refused = error as CustosError
  expect(refused.code).toBe(c.code)
  if (c.rule) {
    expect(refused).toBeInstanceOf(ComplianceRejected)
    expect((refused as ComplianceRejected).rule).toBe(c.rule)
    expect(refused.details['rule']).toBe(c.rule)
    expect(refused.message).toContain(`rule '${c.rule}'`)
  }
  expect(refused.message.trim().length).toBeGreaterThan(10)
  expect(refused.message).not.toMatch(/undefined|\[object /)
  const mentions = c.mentions ?? (c.rule ? `rule '${c.rule}'` : undefined)
  expect(mentions, 'every row says what its message names').toBeDefined()
  if (typeof mentions === 'string') expect(refused.message).toContain(mentions)
  else if (mentions) expect(refused.message).toMatch(mentions)

  // nothing changed
  expect(snapshot(chain)).toEqual(before)
  expect(nonceOf(chain.state(), c.signer.address)).toBe(signerNonce)
}

describe('bad inputs: each refused with its typed error and no state change', () => {
  it.each(cases)('$name → $code', runCase)

  it('control: each refused agent action is included when the agent signs it', () => {
    expect(agentControls).toHaveLength(8)
    for (const build of agentControls) {
      const ctx = newCtx(undefined)
      const before = ctx.chain.store.stateRoot()
      ctx.include(build(issuer))
      expect(ctx.chain.store.stateRoot()).not.toBe(before)
    }
  })

  it('the table covers every compliance rule', () => {
    const rules: ComplianceRule[] = [
      'paused',
      'frozen-address',
      'frozen-amount',
      'kyc',
      'jurisdiction-allow',
      'jurisdiction-deny',
      'accreditation',
      'max-holders',
      'max-balance',
      'lockup',
      'transfer-limit',
    ]
    const covered = new Set(cases.map((c) => c.rule))
    expect(rules.filter((r) => !covered.has(r))).toEqual([])
  })

  it('the table covers every agent action', () => {
    const agentActions: TxKind[] = [
      'Mint',
      'Redeem',
      'SetPaused',
      'FreezeAddress',
      'SetFrozenAmount',
      'ForcedTransfer',
      'RecoverAddress',
      'SetComplianceRules',
    ]
    const names = cases.map((c) => c.name)
    for (const kind of agentActions)
      expect(names).toContain(
        `unauthorized agent action: ${kind} signed by a holder, not the agent`,
      )
  })
})
