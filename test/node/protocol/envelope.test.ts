import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { RLP, type Input } from '@ethereumjs/rlp'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { custosDomain } from '../../../src/node/protocol/eip712'
import {
  canonicalMessage,
  decodeTx,
  encodeTx,
  signTx,
  txDigest,
  verifyTx,
  type SignTxParameters,
} from '../../../src/node/protocol/envelope'
import {
  BadSignature,
  CustosError,
  FieldTooLarge,
  InvalidValue,
  MalformedError,
  NonCanonicalEncoding,
  WrongChain,
  WrongSigner,
} from '../../../src/node/protocol/errors'
import {
  bigintToBytes,
  bytesToBigint,
  concatBytes,
  fromHex,
  toHex,
  utf8,
} from '../../../src/node/protocol/hash'
import type { Address, SignedTx } from '../../../src/node/protocol/messages'
import {
  addressOfPrivateKey,
  devPrivateKey,
  nobleRecoverAddress,
} from '../../../src/node/protocol/signature'
import { fieldsOf, limits, txKinds, type TxKind } from '../../../src/node/protocol/txTypes'
import { expectError } from '../../fixtures/expectError'
import { addr, MAX_UINT256, txSamples, type TxBody } from '../../fixtures/txSamples'

const CONTRACT: Address = '0x00000000000000000000000000000000c0570d05'
const domain = custosDomain(7001n, CONTRACT)
const otherChain = custosDomain(7002n, CONTRACT)
const aliceKey = devPrivateKey('alice')
const bobKey = devPrivateKey('bob')
const alice = addressOfPrivateKey(aliceKey)
const bob = addressOfPrivateKey(bobKey)

const CURVE_N = secp256k1.Point.CURVE().n

/**
 * The shared sample table, with the values some encoding tests below rely on: a transfer of 1
 * (a one-byte integer) and `paused: false` (a bool encoded as the empty string).
 */
const samples: { [K in TxKind]: TxBody<K> } = {
  ...txSamples,
  Transfer: { ...txSamples.Transfer, amount: 1n },
  SetPaused: { ...txSamples.SetPaused, paused: false },
}

type Body<K extends TxKind> = TxBody<K>

function sign<K extends TxKind>(
  kind: K,
  message: Body<K> & { from?: Address },
  privateKey = aliceKey,
  dom = domain,
): SignedTx {
  return signTx({ domain: dom, kind, message, privateKey } as SignTxParameters<K>)
}

/** The message `signTx` signs for `body` with alice's key. */
const signedBy = (body: object, from: Address = alice): Record<string, unknown> => ({
  ...body,
  from,
})

const transfer = (): SignedTx => sign('Transfer', samples.Transfer)

// ---- hand-built RLP ----------------------------------------------------------------------

/** Length prefix of RLP (canonical): short form below 56 bytes, long form above. */
function rlpHeader(offset: 0x80 | 0xc0, length: number): Uint8Array {
  if (length < 56) return Uint8Array.of(offset + length)
  const len = bigintToBytes(BigInt(length))
  return concatBytes(Uint8Array.of(offset + 55 + len.length), len)
}

/** An RLP list of already-encoded items (so one item may be hand-made). */
function rawList(...encodedItems: Uint8Array[]): Uint8Array {
  const payload = concatBytes(...encodedItems)
  return concatBytes(rlpHeader(0xc0, payload.length), payload)
}

const enc = (input: Input): Uint8Array => RLP.encode(input)

/** Minimal big-endian bytes of a non-negative integer (RLP's integer form). */
function uintBytes(value: bigint): Uint8Array {
  const out: number[] = []
  for (let v = value; v > 0n; v >>= 8n) out.unshift(Number(v & 0xffn))
  return Uint8Array.from(out)
}

/** The RLP input of a typed value, written independently of codec.ts. */
function rawValue(type: string, value: unknown): Input {
  if (type.endsWith('[]')) return (value as unknown[]).map((v) => rawValue(type.slice(0, -2), v))
  if (type.startsWith('uint')) return uintBytes(value as bigint)
  switch (type) {
    case 'bool':
      return value ? Uint8Array.of(1) : new Uint8Array(0)
    case 'address':
    case 'bytes32':
      return fromHex(value as string)
    case 'string':
      return utf8(value as string)
  }
  const fields = fieldsOf(type)
  if (!fields) throw new Error(`unknown type ${type}`)
  return fields.map((f) => rawValue(f.type, (value as Record<string, unknown>)[f.name]))
}

/** The encoded message of `kind`, with the named fields replaced by hand-made encodings. */
function rawMessage(
  kind: TxKind,
  message: Record<string, unknown>,
  overrides: Record<string, Uint8Array> = {},
): Uint8Array {
  const fields = fieldsOf(kind) ?? []
  return rawList(...fields.map((f) => overrides[f.name] ?? enc(rawValue(f.type, message[f.name]))))
}

/** The envelope items of a signed tx, each RLP-encoded. */
function envelopeItems(tx: SignedTx): { items: Uint8Array[]; message: number; signature: number } {
  const decoded = RLP.decode(encodeTx(tx)) as Input[]
  return {
    items: decoded.map((item) => enc(item)),
    // the message is the only list in the envelope; the signature is last
    message: decoded.findIndex((item) => Array.isArray(item)),
    signature: decoded.length - 1,
  }
}

/** Bytes of `tx`'s envelope with the message (and optionally kind) replaced. */
function withMessage(tx: SignedTx, message: Uint8Array, kind?: string): Uint8Array {
  const { items, message: at } = envelopeItems(tx)
  items[at] = message
  if (kind !== undefined) items[0] = enc(utf8(kind))
  return rawList(...items)
}

/** Bytes of `transfer()` with the Transfer message field `name` replaced by `encodedField`. */
function transferWithField(name: string, encodedField: Uint8Array): Uint8Array {
  return withMessage(
    transfer(),
    rawMessage('Transfer', signedBy(samples.Transfer), { [name]: encodedField }),
  )
}

function replaceSignature(tx: SignedTx, signature: Uint8Array): Uint8Array {
  const { items, signature: at } = envelopeItems(tx)
  items[at] = enc(signature)
  return rawList(...items)
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

// ---- tests -------------------------------------------------------------------------------

describe('sign → encodeTx → decodeTx → verifyTx', () => {
  it('the sample table covers every kind', () => {
    expect(Object.keys(samples).sort()).toEqual([...txKinds].sort())
  })

  it.each(txKinds)('%s round-trips and verifies as the signer', (kind) => {
    const tx = sign(kind, samples[kind])
    const bytes = encodeTx(tx)
    const decoded = decodeTx(bytes)
    expect(decoded).toEqual(tx)
    expect(decoded.message).toEqual(signedBy(samples[kind]))
    expect(encodeTx(decoded)).toEqual(bytes)

    const verified = verifyTx(bytes, { domain })
    expect(verified.signer).toBe(alice)
    expect(verified.tx).toEqual(tx)
    expect(verified.id).toBe(txDigest(domain, { kind, message: signedBy(samples[kind]) } as never))
    expect(verified.bytes).toEqual(bytes)
    // the object form verifies the same way and yields the same canonical bytes
    const fromObject = verifyTx(tx, { domain })
    expect(fromObject.id).toBe(verified.id)
    expect(fromObject.bytes).toEqual(bytes)
  })

  it('refuses to sign an extra, missing or mistyped field', () => {
    expectError(
      () => sign('Transfer', { ...samples.Transfer, memo: 'x' } as Body<'Transfer'>),
      InvalidValue,
      'INVALID_VALUE',
    )
    const missing: Record<string, unknown> = { ...samples.Transfer }
    delete missing.amount
    expectError(() => sign('Transfer', missing as Body<'Transfer'>), InvalidValue, 'INVALID_VALUE')
    expectError(
      () => sign('Transfer', { ...samples.Transfer, amount: 5 } as unknown as Body<'Transfer'>),
      InvalidValue,
      'INVALID_VALUE',
    )
  })

  it('refuses an unknown extra field in a signed tx object at encode and verify', () => {
    const tx = transfer()
    const tampered = { ...tx, message: { ...tx.message, memo: 'x' } } as unknown as SignedTx
    const error = expectError(() => encodeTx(tampered), InvalidValue, 'INVALID_VALUE')
    expect(error.message).toContain('memo')
    expectError(() => verifyTx(tampered, { domain }), InvalidValue, 'INVALID_VALUE')
  })

  it('accepts a mixed-case declared signer (compares canonical forms)', () => {
    const mixed =
      `0x${[...alice.slice(2)].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')}` as Address
    const tx = sign('Transfer', { ...samples.Transfer, from: mixed })
    expect(tx.message.from).toBe(alice)
    expect(verifyTx(tx, { domain }).signer).toBe(alice)
    const object = { ...tx, message: { ...tx.message, from: mixed } } as SignedTx
    expect(verifyTx(object, { domain }).signer).toBe(alice)
  })

  it('uses an injected recover function', () => {
    const tx = transfer()
    expect(verifyTx(tx, { domain, recover: () => alice.toUpperCase() as Address }).signer).toBe(
      alice,
    )
    expectError(() => verifyTx(tx, { domain, recover: () => bob }), WrongSigner, 'WRONG_SIGNER')
  })
})

describe('verifyTx refusals', () => {
  it('wrong chain → WrongChain', () => {
    const tx = sign('Transfer', samples.Transfer, aliceKey, domain)
    const error = expectError(
      () => verifyTx(encodeTx(tx), { domain: otherChain }),
      WrongChain,
      'WRONG_CHAIN',
    )
    expect(error.details).toEqual({ expected: '7002', actual: '7001' })
    expectError(() => verifyTx(tx, { domain: otherChain }), WrongChain, 'WRONG_CHAIN')
  })

  it("another key's signature with the declared signer unchanged → WrongSigner", () => {
    const tx = transfer()
    // bob signs the very message that names alice as its signer
    const bobs = sign('Transfer', { ...samples.Transfer, from: alice }, bobKey)
    expect(bobs.message).toEqual(tx.message)
    expect(bobs.signature).not.toBe(tx.signature)
    const forged = { ...tx, signature: bobs.signature }
    const error = expectError(() => verifyTx(forged, { domain }), WrongSigner, 'WRONG_SIGNER')
    expect(error.details).toEqual({ expected: alice, actual: bob })
    expectError(() => verifyTx(encodeTx(forged), { domain }), WrongSigner, 'WRONG_SIGNER')
  })

  it('high-s twin of a valid signature → BadSignature (object and bytes)', () => {
    const tx = transfer()
    const sig = fromHex(tx.signature)
    const s = bytesToBigint(sig.subarray(32, 64))
    const highS = fromHex(`0x${(CURVE_N - s).toString(16).padStart(64, '0')}`)
    const twin = concatBytes(sig.subarray(0, 32), highS, Uint8Array.of(55 - (sig[64] ?? 0))) // 27 ↔ 28
    // The twin is a valid ECDSA signature by the same key: only malleability is refused.
    expect(nobleRecoverAddress(fromHex(txDigest(domain, tx)), twin)).toBe(alice)
    expectError(
      () => verifyTx({ ...tx, signature: toHex(twin) }, { domain }),
      BadSignature,
      'BAD_SIGNATURE',
    )
    expectError(
      () => verifyTx(replaceSignature(tx, twin), { domain }),
      BadSignature,
      'BAD_SIGNATURE',
    )
    expectError(() => decodeTx(replaceSignature(tx, twin)), BadSignature, 'BAD_SIGNATURE')
  })

  it.each([0, 1, 26, 29, 255])('v = %i → BadSignature', (v) => {
    const tx = transfer()
    const sig = fromHex(tx.signature)
    sig[64] = v
    expectError(
      () => verifyTx({ ...tx, signature: toHex(sig) }, { domain }),
      BadSignature,
      'BAD_SIGNATURE',
    )
    expectError(
      () => verifyTx(replaceSignature(tx, sig), { domain }),
      BadSignature,
      'BAD_SIGNATURE',
    )
  })

  it('64-byte and 66-byte signatures → BadSignature', () => {
    const tx = transfer()
    const sig = fromHex(tx.signature)
    for (const wrong of [sig.subarray(0, 64), concatBytes(sig, Uint8Array.of(0))]) {
      expectError(
        () => verifyTx({ ...tx, signature: toHex(wrong) }, { domain }),
        BadSignature,
        'BAD_SIGNATURE',
      )
      expectError(
        () => verifyTx(replaceSignature(tx, wrong), { domain }),
        BadSignature,
        'BAD_SIGNATURE',
      )
    }
  })

  it('r or s of zero / not below n → BadSignature', () => {
    const tx = transfer()
    const sig = fromHex(tx.signature)
    const zero = new Uint8Array(32)
    const n = fromHex(`0x${CURVE_N.toString(16)}`)
    for (const wrong of [
      concatBytes(zero, sig.subarray(32)),
      concatBytes(sig.subarray(0, 32), zero, sig.subarray(64)),
      concatBytes(n, sig.subarray(32)),
    ]) {
      expectError(
        () => verifyTx(replaceSignature(tx, wrong), { domain }),
        BadSignature,
        'BAD_SIGNATURE',
      )
    }
  })

  it('a tampered message byte decodes but recovers another signer → WrongSigner', () => {
    // Recovery from (r, s, v) succeeds for (almost) any digest, yielding an unrelated address;
    // so a changed message is refused as WrongSigner, not BadSignature.
    const tx = transfer()
    const bytes = encodeTx(tx)
    const at = indexOfBytes(bytes, utf8('ACME'))
    expect(at).toBeGreaterThan(0)
    const tampered = bytes.slice()
    tampered[at + 3] = 'F'.charCodeAt(0)
    const decoded = decodeTx(tampered)
    expect(decoded.kind === 'Transfer' && decoded.message.symbol).toBe('ACMF')
    const error = expectError(() => verifyTx(tampered, { domain }), WrongSigner, 'WRONG_SIGNER')
    expect(error.details.expected).toBe(alice)
    expect(error.details.actual).not.toBe(alice)
  })

  it('a tampered declared signer (message.from) → WrongSigner', () => {
    const tx = transfer()
    const claimed = { ...tx, message: { ...tx.message, from: bob } } as SignedTx
    const error = expectError(() => verifyTx(claimed, { domain }), WrongSigner, 'WRONG_SIGNER')
    expect(error.details.expected).toBe(bob)
    const bytes = withMessage(tx, rawMessage('Transfer', signedBy(samples.Transfer, bob)))
    expectError(() => verifyTx(bytes, { domain }), WrongSigner, 'WRONG_SIGNER')
  })
})

it('an agent signs a ForcedTransfer or Redeem from another holder', () => {
  const forced = sign('ForcedTransfer', { ...samples.ForcedTransfer, holder: bob }, aliceKey)
  expect(verifyTx(forced, { domain }).signer).toBe(alice)
  const redeem = sign('Redeem', { ...samples.Redeem, holder: bob }, aliceKey)
  expect(verifyTx(redeem, { domain }).signer).toBe(alice)
})

describe('decodeTx refusals', () => {
  it('unknown kind → MalformedError', () => {
    const { items } = envelopeItems(transfer())
    for (const kind of ['Transferx', 'transfer', '', 'toString', '__proto__', 'hasOwnProperty']) {
      items[0] = enc(utf8(kind))
      expectError(() => decodeTx(rawList(...items)), MalformedError, 'MALFORMED')
    }
  })

  it('a message with fewer or more fields than its kind → MalformedError', () => {
    const tx = transfer()
    // SetPaused has fewer fields than Transfer
    expect(fieldsOf('SetPaused')?.length).toBeLessThan(fieldsOf('Transfer')?.length ?? 0)
    const asSetPaused = withMessage(
      tx,
      rawMessage('Transfer', signedBy(samples.Transfer)),
      'SetPaused',
    )
    expectError(() => decodeTx(asSetPaused), MalformedError, 'MALFORMED')
    const fields = RLP.decode(rawMessage('Transfer', signedBy(samples.Transfer))) as Input[]
    const longer = enc([...fields, new Uint8Array(0)])
    expectError(() => decodeTx(withMessage(tx, longer)), MalformedError, 'MALFORMED')
    const shorter = enc(fields.slice(0, -1))
    expectError(() => decodeTx(withMessage(tx, shorter)), MalformedError, 'MALFORMED')
  })

  it('an envelope with one item fewer or more, or a non-list → MalformedError', () => {
    const { items } = envelopeItems(transfer())
    expectError(() => decodeTx(rawList(...items.slice(0, -1))), MalformedError, 'MALFORMED')
    expectError(
      () => decodeTx(rawList(...items, enc(new Uint8Array(0)))),
      MalformedError,
      'MALFORMED',
    )
    expectError(() => decodeTx(enc(utf8('Transfer'))), MalformedError, 'MALFORMED')
    expectError(() => decodeTx(new Uint8Array(0)), MalformedError, 'MALFORMED')
  })

  it('an integer with a leading zero byte inside the message → NonCanonicalEncoding', () => {
    // amount 1 written as the two bytes 00 01 (valid RLP, non-minimal integer)
    expect(samples.Transfer.amount).toBe(1n)
    const bytes = transferWithField('amount', enc(Uint8Array.of(0x00, 0x01)))
    expectError(() => decodeTx(bytes), NonCanonicalEncoding, 'NON_CANONICAL')
    expectError(() => verifyTx(bytes, { domain }), NonCanonicalEncoding, 'NON_CANONICAL')
    // a value written as the byte 00 instead of the empty string of zero
    expectError(
      () => decodeTx(transferWithField('nonce', enc(Uint8Array.of(0)))),
      NonCanonicalEncoding,
      'NON_CANONICAL',
    )
    // the same check guards the envelope's chain id
    const { items } = envelopeItems(transfer())
    items[1] = enc(Uint8Array.of(0x00, 0x1b, 0x59)) // 7001 with a leading zero
    expectError(() => decodeTx(rawList(...items)), NonCanonicalEncoding, 'NON_CANONICAL')
  })

  it('non-canonical RLP length prefixes → MalformedError (@ethereumjs/rlp refuses them)', () => {
    // Reading of codec.ts: decodeRlpCanonical maps RLP.decode failures to MalformedError, and
    // @ethereumjs/rlp itself throws on these prefixes, so the NON_CANONICAL re-encoding check
    // behind it is not reached.
    // "ACME" with a long-form prefix (b8 04) instead of the short form (84)
    const longForm = Uint8Array.of(0xb8, 4, ...utf8('ACME'))
    expectError(() => decodeTx(transferWithField('symbol', longForm)), MalformedError, 'MALFORMED')
    // the single byte "A" (< 0x80) wrapped in a one-byte string prefix (81 41)
    expectError(
      () => decodeTx(transferWithField('symbol', Uint8Array.of(0x81, 0x41))),
      MalformedError,
      'MALFORMED',
    )
    // the envelope list length written with a superfluous leading zero length byte
    const canonical = encodeTx(transfer())
    expect(canonical[0]).toBe(0xf8) // one length byte: 56..255 bytes of payload
    const payload = canonical.subarray(2)
    const padded = concatBytes(Uint8Array.of(0xf9, 0x00, payload.length), payload)
    expectError(() => decodeTx(padded), MalformedError, 'MALFORMED')
  })

  it('trailing bytes → MalformedError', () => {
    const bytes = encodeTx(transfer())
    expectError(() => decodeTx(concatBytes(bytes, Uint8Array.of(0))), MalformedError, 'MALFORMED')
    expectError(() => decodeTx(concatBytes(bytes, bytes)), MalformedError, 'MALFORMED')
    expectError(() => decodeTx(bytes.subarray(0, bytes.length - 1)), MalformedError, 'MALFORMED')
  })

  it('invalid UTF-8 in a string field → InvalidValue', () => {
    for (const bad of [
      Uint8Array.of(0xff),
      Uint8Array.of(0x41, 0xc3), // truncated 2-byte sequence
      Uint8Array.of(0xc0, 0x80), // overlong NUL
      Uint8Array.of(0xed, 0xa0, 0x80), // UTF-16 surrogate D800
    ]) {
      const error = expectError(
        () => decodeTx(transferWithField('symbol', enc(bad))),
        InvalidValue,
        'INVALID_VALUE',
      )
      expect(error.details.field).toBe('Transfer.symbol')
    }
  })

  it('a bool encoded as 0x02 or 0x00 → NonCanonicalEncoding; 0x01 and empty decode', () => {
    const tx = sign('SetPaused', samples.SetPaused)
    const withPaused = (paused: Uint8Array): Uint8Array =>
      withMessage(tx, rawMessage('SetPaused', signedBy(samples.SetPaused), { paused: enc(paused) }))
    expectError(() => decodeTx(withPaused(Uint8Array.of(2))), NonCanonicalEncoding, 'NON_CANONICAL')
    expectError(() => decodeTx(withPaused(Uint8Array.of(0))), NonCanonicalEncoding, 'NON_CANONICAL')
    expectError(
      () => decodeTx(withPaused(Uint8Array.of(1, 1))),
      NonCanonicalEncoding,
      'NON_CANONICAL',
    )
    const decodedTrue = decodeTx(withPaused(Uint8Array.of(1)))
    expect(decodedTrue.kind === 'SetPaused' && decodedTrue.message.paused).toBe(true)
    expect(samples.SetPaused.paused).toBe(false)
    expect(decodeTx(withPaused(new Uint8Array(0)))).toEqual(tx)
  })

  it('an address of 19 or 21 bytes → InvalidValue', () => {
    for (const length of [19, 21]) {
      expectError(
        () => decodeTx(transferWithField('to', enc(new Uint8Array(length).fill(3)))),
        InvalidValue,
        'INVALID_VALUE',
      )
    }
  })

  it('a list where bytes are expected and vice versa → MalformedError', () => {
    expectError(() => decodeTx(transferWithField('amount', rawList())), MalformedError, 'MALFORMED')
    expectError(
      () => decodeTx(withMessage(transfer(), enc(utf8('not a list')))),
      MalformedError,
      'MALFORMED',
    )
    const { items, signature } = envelopeItems(transfer())
    items[signature] = rawList()
    expectError(() => decodeTx(rawList(...items)), MalformedError, 'MALFORMED')
  })
})

describe('size limits', () => {
  const text = (n: number): string => 'a'.repeat(n)

  it(`strings: ${limits.maxStringBytes} UTF-8 bytes pass, one more → FieldTooLarge`, () => {
    expect(() =>
      sign('Transfer', { ...samples.Transfer, symbol: text(limits.maxStringBytes) }),
    ).not.toThrow()
    const error = expectError(
      () => sign('Transfer', { ...samples.Transfer, symbol: text(limits.maxStringBytes + 1) }),
      FieldTooLarge,
      'FIELD_TOO_LARGE',
    )
    expect(error.details).toEqual({
      field: 'Transfer.symbol',
      size: limits.maxStringBytes + 1,
      limit: limits.maxStringBytes,
    })
    // the limit counts UTF-8 bytes, not characters: 'é' is two bytes
    const half = limits.maxStringBytes / 2
    expect(() => sign('Transfer', { ...samples.Transfer, symbol: 'é'.repeat(half) })).not.toThrow()
    expectError(
      () => sign('Transfer', { ...samples.Transfer, symbol: 'é'.repeat(half + 1) }),
      FieldTooLarge,
      'FIELD_TOO_LARGE',
    )
  })

  it('an oversized string in encoded bytes → FieldTooLarge at decode', () => {
    const at = transferWithField('symbol', enc(utf8(text(limits.maxStringBytes))))
    expect(decodeTx(at).kind).toBe('Transfer')
    const over = transferWithField('symbol', enc(utf8(text(limits.maxStringBytes + 1))))
    const error = expectError(() => decodeTx(over), FieldTooLarge, 'FIELD_TOO_LARGE')
    expect(error.details.field).toBe('Transfer.symbol')
  })

  it(`lists: ${limits.maxListLength} items pass, one more → FieldTooLarge (encode and decode)`, () => {
    const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `id${i}`)
    const full = sign('CreateToken', {
      ...samples.CreateToken,
      identifiers: ids(limits.maxListLength),
    })
    expect(decodeTx(encodeTx(full))).toEqual(full)
    const error = expectError(
      () =>
        sign('CreateToken', { ...samples.CreateToken, identifiers: ids(limits.maxListLength + 1) }),
      FieldTooLarge,
      'FIELD_TOO_LARGE',
    )
    expect(error.details.field).toBe('CreateToken.identifiers')

    const over = rawMessage('CreateToken', signedBy(samples.CreateToken), {
      identifiers: enc(ids(limits.maxListLength + 1).map(utf8)),
    })
    const decodeError = expectError(
      () => decodeTx(withMessage(full, over)),
      FieldTooLarge,
      'FIELD_TOO_LARGE',
    )
    expect(decodeError.details).toEqual({
      field: 'CreateToken.identifiers',
      size: limits.maxListLength + 1,
      limit: limits.maxListLength,
    })
  })

  it(`a whole tx above ${limits.maxTxBytes} bytes → FieldTooLarge (encode and decode)`, () => {
    const leg = {
      symbol: text(limits.maxStringBytes),
      from: addr(1),
      to: addr(2),
      amount: MAX_UINT256,
    }
    const legs = Array.from({ length: limits.maxListLength }, () => leg)
    // every field is within its own limit, so signing succeeds; only the envelope is too big
    const tx = sign('CreateInstruction', { ...samples.CreateInstruction, legs })
    const error = expectError(() => encodeTx(tx), FieldTooLarge, 'FIELD_TOO_LARGE')
    expect(error.details.field).toBe('transaction')
    expect(error.details.limit).toBe(limits.maxTxBytes)
    expectError(() => verifyTx(tx, { domain }), FieldTooLarge, 'FIELD_TOO_LARGE')

    const small = sign('CreateInstruction', samples.CreateInstruction)
    const bytes = withMessage(small, rawMessage('CreateInstruction', { ...tx.message }))
    expect(bytes.length).toBeGreaterThan(limits.maxTxBytes)
    const decodeError = expectError(() => decodeTx(bytes), FieldTooLarge, 'FIELD_TOO_LARGE')
    expect(decodeError.details).toEqual({
      field: 'transaction',
      size: bytes.length,
      limit: limits.maxTxBytes,
    })
  })
})

describe('value ranges at encode', () => {
  it('a negative bigint → InvalidValue', () => {
    expectError(
      () => sign('Transfer', { ...samples.Transfer, amount: -1n }),
      InvalidValue,
      'INVALID_VALUE',
    )
    expectError(
      () => sign('Transfer', { ...samples.Transfer, nonce: -1n }),
      InvalidValue,
      'INVALID_VALUE',
    )
    const tx = transfer()
    const negative = { ...tx, message: { ...tx.message, amount: -5n } } as SignedTx
    expectError(() => encodeTx(negative), InvalidValue, 'INVALID_VALUE')
    expectError(() => encodeTx({ ...tx, chainId: -1n }), InvalidValue, 'INVALID_VALUE')
  })

  it('uint8 decimals: 255 passes, 256 → InvalidValue', () => {
    expect(() => sign('CreateToken', { ...samples.CreateToken, decimals: 255n })).not.toThrow()
    const error = expectError(
      () => sign('CreateToken', { ...samples.CreateToken, decimals: 256n }),
      InvalidValue,
      'INVALID_VALUE',
    )
    expect(error.details.field).toBe('CreateToken.decimals')
  })

  it('uint8 decimals of two bytes in encoded bytes → InvalidValue at decode', () => {
    const full = sign('CreateToken', samples.CreateToken)
    const message = rawMessage('CreateToken', signedBy(samples.CreateToken), {
      decimals: enc(Uint8Array.of(0x01, 0x00)),
    })
    expectError(() => decodeTx(withMessage(full, message)), InvalidValue, 'INVALID_VALUE')
  })

  it('uint256: 2^256 − 1 passes, 2^256 → InvalidValue; uint64 validUntil 2^64 → InvalidValue', () => {
    expect(() => sign('Transfer', { ...samples.Transfer, amount: MAX_UINT256 })).not.toThrow()
    expectError(
      () => sign('Transfer', { ...samples.Transfer, amount: MAX_UINT256 + 1n }),
      InvalidValue,
      'INVALID_VALUE',
    )
    expectError(
      () => sign('Transfer', { ...samples.Transfer, validUntil: 1n << 64n }),
      InvalidValue,
      'INVALID_VALUE',
    )
  })

  it('a malformed address or bytes32, or text with a lone surrogate → InvalidValue', () => {
    expectError(
      () => sign('Transfer', { ...samples.Transfer, to: '0x1234' }),
      InvalidValue,
      'INVALID_VALUE',
    )
    expectError(
      () => sign('AffirmInstruction', { ...samples.AffirmInstruction, instructionId: addr(1) }),
      InvalidValue,
      'INVALID_VALUE',
    )
    expectError(
      () => sign('Transfer', { ...samples.Transfer, symbol: 'AC\uD800ME' }),
      InvalidValue,
      'INVALID_VALUE',
    )
  })
})

describe('properties', () => {
  const hexCase = fc
    .tuple(
      fc.uint8Array({ minLength: 20, maxLength: 20 }),
      fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    )
    .map(
      ([bytes, upper]) =>
        `0x${[...toHex(bytes).slice(2)].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')}` as Address,
    )
  const transferMessage = fc.record({
    // up to 64 code points of up to 4 UTF-8 bytes each: within the 256-byte limit
    symbol: fc.string({ unit: 'binary', maxLength: 64 }),
    to: hexCase,
    amount: fc.bigInt({ min: 0n, max: MAX_UINT256 }),
    nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    validUntil: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  })

  it('random valid Transfer messages round-trip to their canonical form', () => {
    fc.assert(
      fc.property(transferMessage, fc.boolean(), (message, upperFrom) => {
        const from = (upperFrom ? `0x${alice.slice(2).toUpperCase()}` : alice) as Address
        const canonical = { ...message, to: message.to.toLowerCase(), from: alice }
        expect(canonicalMessage('Transfer', { ...message, from })).toEqual(canonical)
        const tx = sign('Transfer', { ...message, from })
        const decoded = decodeTx(encodeTx(tx))
        expect(decoded.message).toEqual(canonical)
        expect(verifyTx(encodeTx(tx), { domain }).signer).toBe(alice)
      }),
      { numRuns: 150 },
    )
  })

  it('no single-byte mutation of an encoded tx verifies', () => {
    const txs = [transfer(), sign('CreateInstruction', samples.CreateInstruction)]
    fc.assert(
      fc.property(
        fc.constantFrom(...txs.map(encodeTx)),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, position, delta) => {
          const mutated = bytes.slice()
          const i = position % bytes.length
          mutated[i] = ((bytes[i] ?? 0) + delta) & 0xff
          let error: unknown
          try {
            verifyTx(mutated, { domain })
          } catch (e) {
            error = e
          }
          expect(error).toBeInstanceOf(CustosError)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('exhaustively: flipping any bit of one byte of a Transfer is refused with a CustosError', () => {
    const bytes = encodeTx(transfer())
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const mutated = bytes.slice()
        mutated[i] = (mutated[i] ?? 0) ^ mask
        expect(() => verifyTx(mutated, { domain }), `byte ${i} ^ ${mask}`).toThrow(CustosError)
      }
    }
  })
})
