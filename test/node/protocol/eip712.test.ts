import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { keccak_256 } from '@noble/hashes/sha3.js'
import {
  domainSeparator as viemDomainSeparator,
  hashTypedData,
  recoverTypedDataAddress,
  type TypedDataDefinition,
} from 'viem'
import {
  custosDomain,
  domainSeparator,
  domainTypes,
  encodeType,
  hashStruct,
  typedDataDigest,
  type CustosDomain,
} from '../../../src/node/protocol/eip712'
import { signTx, txDigest } from '../../../src/node/protocol/envelope'
import { bytesToBigint, concatBytes, fromHex, toHex, utf8 } from '../../../src/node/protocol/hash'
import type { Address, Hex, TxMessages, UnsignedTx } from '../../../src/node/protocol/messages'
import { addr, hash32, MAX_UINT256, txSamples } from '../../fixtures/txSamples'
import {
  addressOfPrivateKey,
  devPrivateKey,
  signDigest,
} from '../../../src/node/protocol/signature'
import {
  fieldsOf,
  txKinds,
  typedDataTypes,
  type TxKind,
  type TypedField,
} from '../../../src/node/protocol/txTypes'

const CONTRACT: Address = '0x00000000000000000000000000000000c0570d05'
const domain = custosDomain(7001n, CONTRACT)

/** viem's `hashTypedData` over Custos type tables (plain `{name, type}` lists, typed loosely). */
function viemDigest(
  dom: CustosDomain,
  types: Record<string, readonly TypedField[]>,
  primaryType: string,
  message: Record<string, unknown>,
): Hex {
  return hashTypedData({
    domain: dom,
    types,
    primaryType,
    message,
  } as unknown as TypedDataDefinition)
}

const SIGNER: Address = addr(0x5e)
const samples = txSamples

const asRecord = (message: unknown): Record<string, unknown> => message as Record<string, unknown>
const full = (kind: TxKind): Record<string, unknown> => ({ ...samples[kind], from: SIGNER })

/** An arbitrary valid value of an EIP-712 type of the Custos tables. */
function arbitraryOf(type: string): fc.Arbitrary<unknown> {
  if (type.endsWith('[]')) return fc.array(arbitraryOf(type.slice(0, -2)), { maxLength: 4 })
  const uint = /^uint(\d+)$/.exec(type)
  if (uint) return fc.bigInt({ min: 0n, max: (1n << BigInt(uint[1])) - 1n })
  switch (type) {
    case 'bool':
      return fc.boolean()
    case 'address':
      return fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toHex)
    case 'bytes32':
      return fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex)
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 24 })
  }
  const fields = fieldsOf(type)
  if (!fields) throw new Error(`no arbitrary for ${type}`)
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitraryOf(f.type)])))
}

describe('typedDataDigest / txDigest', () => {
  it('the sample table covers every kind', () => {
    expect(Object.keys(samples).sort()).toEqual([...txKinds].sort())
  })

  it.each(txKinds)('%s: equals viem hashTypedData', (kind) => {
    const message = full(kind)
    const expected = viemDigest(domain, typedDataTypes(kind), kind, message)
    expect(typedDataDigest(domain, kind, message)).toBe(expected)
    expect(txDigest(domain, { kind, message } as unknown as UnsignedTx)).toBe(expected)
  })

  it.each(txKinds)('%s: equals viem hashTypedData for random messages', (kind) => {
    fc.assert(
      fc.property(arbitraryOf(kind), (message) => {
        const value = asRecord(message)
        expect(typedDataDigest(domain, kind, value)).toBe(
          viemDigest(domain, typedDataTypes(kind), kind, value),
        )
      }),
      { numRuns: 40 },
    )
  })

  it('covers nested structs: CreateToken.rules and two CreateInstruction.legs', () => {
    // The struct types must be in viem's `types`; a change inside a nested value must change
    // the digest the same way in both implementations.
    expect(Object.keys(typedDataTypes('CreateToken')).sort()).toEqual([
      'ComplianceRules',
      'CreateToken',
    ])
    expect(Object.keys(typedDataTypes('CreateInstruction')).sort()).toEqual([
      'CreateInstruction',
      'Leg',
    ])
    const token = full('CreateToken') as unknown as TxMessages['CreateToken']
    const tokenChanged = { ...token, rules: { ...token.rules, denyJurisdictions: ['US'] } }
    const instruction = full('CreateInstruction') as unknown as TxMessages['CreateInstruction']
    const [first, second] = instruction.legs
    if (!first || !second) throw new Error('sample needs two legs')
    const swapped = { ...instruction, legs: [second, first] }
    const secondChanged = {
      ...instruction,
      legs: [first, { ...second, amount: second.amount + 1n }],
    }
    const digests = new Set<Hex>()
    for (const [kind, message] of [
      ['CreateToken', token],
      ['CreateToken', tokenChanged],
      ['CreateInstruction', instruction],
      ['CreateInstruction', swapped],
      ['CreateInstruction', secondChanged],
    ] as const) {
      const ours = typedDataDigest(domain, kind, asRecord(message))
      expect(ours).toBe(viemDigest(domain, typedDataTypes(kind), kind, asRecord(message)))
      digests.add(ours)
    }
    expect(digests.size).toBe(5)
  })

  it('hashes arrays of strings element-wise (empty array, empty string, order)', () => {
    const base = full('CreateToken')
    const variants = [[], [''], ['', ''], ['a', 'b'], ['b', 'a'], ['ab']].map((identifiers) => ({
      ...base,
      identifiers,
    }))
    const digests = variants.map((message) => {
      const ours = typedDataDigest(domain, 'CreateToken', asRecord(message))
      expect(ours).toBe(
        viemDigest(domain, typedDataTypes('CreateToken'), 'CreateToken', asRecord(message)),
      )
      return ours
    })
    expect(new Set(digests).size).toBe(variants.length)
  })

  it('binds the chain id and verifying contract of the domain', () => {
    const message = full('Transfer')
    const domains = [
      custosDomain(7001n, CONTRACT),
      custosDomain(7002n, CONTRACT),
      custosDomain(7001n, addr(0xcc)),
      custosDomain(MAX_UINT256, addr(0xcc)),
    ]
    const digests = domains.map((d) => {
      const ours = typedDataDigest(d, 'Transfer', message)
      expect(ours).toBe(viemDigest(d, typedDataTypes('Transfer'), 'Transfer', message))
      return ours
    })
    expect(new Set(digests).size).toBe(domains.length)
  })

  it('treats a checksummed verifying contract like its lowercase form', () => {
    const lower = custosDomain(1n, '0xcccccccccccccccccccccccccccccccccccccccc')
    const mixed = custosDomain(1n, '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC')
    expect(toHex(domainSeparator(mixed))).toBe(toHex(domainSeparator(lower)))
    expect(toHex(domainSeparator(mixed))).toBe(viemDomainSeparator({ domain: mixed }))
  })

  it('uses the `extra` types for a non-Custos primary type (viem agrees)', () => {
    const voteTypes = {
      Vote: [
        { name: 'voteType', type: 'uint8' },
        { name: 'height', type: 'uint64' },
        { name: 'round', type: 'uint32' },
        { name: 'blockHash', type: 'bytes32' },
      ],
    }
    const vote = { voteType: 2n, height: 12n, round: 0n, blockHash: hash32(0x77) }
    expect(typedDataDigest(domain, 'Vote', vote, voteTypes)).toBe(
      viemDigest(domain, voteTypes, 'Vote', vote),
    )
  })
})

describe('type tables', () => {
  it('every type names each field once', () => {
    for (const name of [...txKinds, 'ComplianceRules', 'Leg']) {
      const names = (fieldsOf(name) ?? []).map((f) => f.name)
      expect(new Set(names).size, name).toBe(names.length)
    }
  })

  it('every kind ends with the replay fields from, nonce, validUntil', () => {
    for (const kind of txKinds) {
      const names = (fieldsOf(kind) ?? []).map((f) => `${f.type} ${f.name}`)
      expect(names.slice(-3), kind).toEqual(['address from', 'uint64 nonce', 'uint64 validUntil'])
    }
  })
})

describe('domainSeparator', () => {
  it('equals viem domainSeparator for the Custos domain', () => {
    expect(toHex(domainSeparator(domain))).toBe(viemDomainSeparator({ domain }))
  })
})

/**
 * The example of EIP-712 ("Example" section; assets/eip-712/Example.js and Example.sol).
 * `typedDataDigest` takes a `CustosDomain`, whose name and version are fixed to 'Custos' / '1',
 * so the Mail domain ('Ether Mail') cannot be passed to it. The vector is checked through
 * `hashStruct` instead: of the Mail message, and of the domain as an `EIP712Domain` struct.
 */
describe('EIP-712 specification example (Mail)', () => {
  const mailTypes = {
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  }
  const mail = {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  }
  const mailDomain = {
    name: 'Ether Mail',
    version: '1',
    chainId: 1n,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  }
  const SPEC_DOMAIN_SEPARATOR = '0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f'
  const SPEC_MAIL_HASH = '0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e'
  const SPEC_DIGEST = '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2'

  it('encodeType lists the referenced struct after the primary type', () => {
    expect(encodeType('Mail', mailTypes)).toBe(
      'Mail(Person from,Person to,string contents)Person(string name,address wallet)',
    )
  })

  it('hashStruct(Mail) equals the spec value', () => {
    expect(toHex(hashStruct('Mail', mail, mailTypes))).toBe(SPEC_MAIL_HASH)
  })

  it('hashStruct(EIP712Domain) equals the spec domain separator', () => {
    expect(toHex(hashStruct('EIP712Domain', mailDomain, { EIP712Domain: domainTypes }))).toBe(
      SPEC_DOMAIN_SEPARATOR,
    )
  })

  it('0x1901 ‖ domainSeparator ‖ hashStruct(Mail) hashes to the spec digest', () => {
    const separator = hashStruct('EIP712Domain', mailDomain, { EIP712Domain: domainTypes })
    const digest = keccak_256(
      concatBytes(Uint8Array.of(0x19, 0x01), separator, hashStruct('Mail', mail, mailTypes)),
    )
    expect(toHex(digest)).toBe(SPEC_DIGEST)
  })

  it("signDigest with keccak256('cow') reproduces the spec signature (RFC 6979)", () => {
    const cow = keccak_256(utf8('cow'))
    expect(addressOfPrivateKey(cow)).toBe('0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826')
    const signature = fromHex(signDigest(fromHex(SPEC_DIGEST), cow))
    expect(signature[64]).toBe(28)
    expect(bytesToBigint(signature.subarray(0, 32))).toBe(
      0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9dn,
    )
    expect(bytesToBigint(signature.subarray(32, 64))).toBe(
      0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562n,
    )
  })
})

describe('signTx', () => {
  const privateKey = devPrivateKey('alice')
  const alice = addressOfPrivateKey(privateKey)

  it.each(txKinds)('%s: the signature recovers the signer with viem', async (kind) => {
    const tx = signTx({ domain, kind, message: samples[kind], privateKey } as Parameters<
      typeof signTx
    >[0])
    expect(tx.message.from).toBe(alice)
    expect(tx.chainId).toBe(7001n)
    const recovered = await recoverTypedDataAddress({
      domain,
      types: typedDataTypes(kind),
      primaryType: kind,
      message: asRecord(tx.message),
      signature: tx.signature,
    } as unknown as Parameters<typeof recoverTypedDataAddress>[0])
    expect(recovered.toLowerCase()).toBe(alice)
  })

  it('signs the canonical (lowercase) form of a checksummed address', async () => {
    const to = '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB'
    const tx = signTx({
      domain,
      kind: 'Transfer',
      message: { ...samples.Transfer, to },
      privateKey,
    })
    expect(tx.kind === 'Transfer' && tx.message.to).toBe(to.toLowerCase())
    const recovered = await recoverTypedDataAddress({
      domain,
      types: typedDataTypes('Transfer'),
      primaryType: 'Transfer',
      message: { ...samples.Transfer, to, from: alice },
      signature: tx.signature,
    } as unknown as Parameters<typeof recoverTypedDataAddress>[0])
    expect(recovered.toLowerCase()).toBe(alice)
  })
})
