import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DoubleSignRefused,
  SafeSigner,
  SignStateCorrupt,
  SignStateMismatch,
  SignStateWriteFailed,
  encodeSignState,
  readSignState,
} from '../../../../src/node/consensus/safety'
import {
  AlreadyExists,
  fromHex,
  keccak256,
  nobleRecoverAddress,
  toHex,
  utf8,
  voteDigest,
  VoteType,
  type Hex,
  type Vote,
} from '../../../../src/node/protocol'
import { expectError } from '../../../fixtures/expectError'
import { actor, testDomain, validators } from '../../../fixtures/network'

const dir = mkdtempSync(join(tmpdir(), 'custos-signer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const validator = actor('validator-1')
let files = 0

function freshSigner(): { signer: SafeSigner; statePath: string } {
  const statePath = join(dir, `state-${files++}.json`)
  SafeSigner.initialize({ statePath, validator: validator.address, chainId: testDomain.chainId })
  return { signer: SafeSigner.open({ statePath, privateKey: validator.key }), statePath }
}

const hash = (label: string) => toHex(keccak256(utf8(label)))
const A = hash('block A')
const B = hash('block B')
const prevote = (height: bigint, round: bigint, blockHash: Hex): Vote => ({
  voteType: VoteType.prevote,
  height,
  round,
  blockHash,
})
const precommit = (height: bigint, round: bigint, blockHash: Hex): Vote => ({
  ...prevote(height, round, blockHash),
  voteType: VoteType.precommit,
})

describe('SafeSigner', () => {
  it('signs votes that recover the validator, and persists them before returning', () => {
    const { signer, statePath } = freshSigner()
    const vote = prevote(5n, 0n, A)
    const signature = signer.signVote(testDomain, vote)
    expect(nobleRecoverAddress(fromHex(voteDigest(testDomain, vote)), fromHex(signature))).toBe(
      validator.address,
    )
    const onDisk = readSignState(statePath).last
    expect(onDisk).toMatchObject({
      height: 5n,
      round: 0n,
      step: 'prevote',
      blockHash: A,
      signature,
    })
    expect(SafeSigner.open({ statePath, privateKey: validator.key }).lastSigned).toEqual(onDisk)
  })

  it('moves forward through steps, rounds and heights', () => {
    const { signer } = freshSigner()
    const digest = keccak256(utf8('proposal 1/0'))
    signer.signProposal(testDomain, { height: 1n, round: 0n, blockHash: A }, digest)
    signer.signVote(testDomain, prevote(1n, 0n, A))
    signer.signVote(testDomain, precommit(1n, 0n, A))
    signer.signVote(testDomain, prevote(1n, 3n, B)) // later round: another block is fine
    signer.signVote(testDomain, prevote(2n, 0n, B))
    expect(signer.lastSigned).toMatchObject({
      height: 2n,
      round: 0n,
      step: 'prevote',
      blockHash: B,
    })
  })

  it('refuses height, round and step regressions', () => {
    const { signer } = freshSigner()
    signer.signVote(testDomain, precommit(10n, 2n, A))
    const cases: Array<[() => unknown, string]> = [
      [() => signer.signVote(testDomain, precommit(9n, 5n, A)), 'height-regression'],
      [() => signer.signVote(testDomain, precommit(10n, 1n, A)), 'round-regression'],
      [() => signer.signVote(testDomain, prevote(10n, 2n, A)), 'step-regression'],
      [
        () => signer.signProposal(testDomain, { height: 10n, round: 2n, blockHash: A }, fromHex(A)),
        'step-regression',
      ],
    ]
    for (const [sign, reason] of cases) {
      const error = expectError(sign, DoubleSignRefused, 'DOUBLE_SIGN_REFUSED')
      expect(error.reason).toBe(reason)
    }
    expect(signer.lastSigned).toMatchObject({ height: 10n, round: 2n, step: 'precommit' })
  })

  it('returns the stored signature for the same step and block (idempotent), across a reopen', () => {
    const { signer, statePath } = freshSigner()
    const first = signer.signVote(testDomain, prevote(7n, 1n, A))
    expect(signer.signVote(testDomain, prevote(7n, 1n, A))).toBe(first)
    // upper-case hex names the same block
    expect(
      signer.signVote(testDomain, prevote(7n, 1n, A.toUpperCase().replace('0X', '0x') as Hex)),
    ).toBe(first)
    const reopened = SafeSigner.open({ statePath, privateKey: validator.key })
    expect(reopened.signVote(testDomain, prevote(7n, 1n, A))).toBe(first)
  })

  it('refuses another block at the same height, round and step, across a reopen', () => {
    const { signer, statePath } = freshSigner()
    signer.signVote(testDomain, precommit(3n, 0n, A))
    const error = expectError(
      () => signer.signVote(testDomain, precommit(3n, 0n, B)),
      DoubleSignRefused,
      'DOUBLE_SIGN_REFUSED',
    )
    expect(error.reason).toBe('conflicting-block')
    expect(error.message).toContain('height 3 round 0 precommit')
    const reopened = SafeSigner.open({ statePath, privateKey: validator.key })
    expect(
      expectError(
        () => reopened.signVote(testDomain, precommit(3n, 0n, B)),
        DoubleSignRefused,
        'DOUBLE_SIGN_REFUSED',
      ).reason,
    ).toBe('conflicting-block')
    // nil is another block too
    expect(
      expectError(
        () => reopened.signVote(testDomain, precommit(3n, 0n, `0x${'00'.repeat(32)}`)),
        DoubleSignRefused,
        'DOUBLE_SIGN_REFUSED',
      ).reason,
    ).toBe('conflicting-block')
  })

  it('refuses other signed bytes for the same proposal step and block', () => {
    const { signer } = freshSigner()
    const p = { height: 4n, round: 0n, blockHash: A }
    const sig = signer.signProposal(testDomain, p, keccak256(utf8('proposal v1')))
    expect(signer.signProposal(testDomain, p, keccak256(utf8('proposal v1')))).toBe(sig)
    const error = expectError(
      () => signer.signProposal(testDomain, p, keccak256(utf8('proposal v2'))),
      DoubleSignRefused,
      'DOUBLE_SIGN_REFUSED',
    )
    expect(error.reason).toBe('conflicting-digest')
  })

  it('refuses another chain and another key', () => {
    const { signer, statePath } = freshSigner()
    expectError(
      () => signer.signVote({ ...testDomain, chainId: 1n }, prevote(1n, 0n, A)),
      SignStateMismatch,
      'WRONG_CHAIN',
    )
    const other = validators[1] ?? validator
    expectError(
      () => SafeSigner.open({ statePath, privateKey: other.key }),
      SignStateMismatch,
      'WRONG_SIGNER',
    )
  })

  it('halts after a failed write, returning no signature', () => {
    const sub = join(dir, `gone-${files++}`)
    mkdirSync(sub)
    const statePath = join(sub, 'state.json')
    SafeSigner.initialize({ statePath, validator: validator.address, chainId: testDomain.chainId })
    const signer = SafeSigner.open({ statePath, privateKey: validator.key })
    rmSync(sub, { recursive: true }) // the temp file cannot be created any more
    expectError(
      () => signer.signVote(testDomain, prevote(1n, 0n, A)),
      SignStateWriteFailed,
      'STORE_CORRUPT',
    )
    expect(signer.lastSigned).toBeUndefined()
    mkdirSync(sub) // even once the disk is back, the signer stays halted until reopened
    expectError(
      () => signer.signVote(testDomain, prevote(1n, 0n, A)),
      SignStateWriteFailed,
      'STORE_CORRUPT',
    )
  })

  it('never initializes over an existing state file', () => {
    const { statePath, signer } = freshSigner()
    signer.signVote(testDomain, prevote(9n, 0n, A))
    expectError(
      () =>
        SafeSigner.initialize({
          statePath,
          validator: validator.address,
          chainId: testDomain.chainId,
        }),
      AlreadyExists,
      'ALREADY_EXISTS',
    )
    expect(readSignState(statePath).last?.height).toBe(9n)
  })

  it('refuses to start from a missing, truncated, altered or foreign state file', () => {
    const { signer, statePath } = freshSigner()
    signer.signVote(testDomain, precommit(12n, 0n, A))
    const good = readFileSync(statePath, 'utf8')
    const open = () => SafeSigner.open({ statePath, privateKey: validator.key })

    const damaged: Record<string, string> = {
      empty: '',
      truncated: good.slice(0, good.length / 2),
      'height altered (checksum fails)': good.replace('"height":"12"', '"height":"2"'),
      'not an object': '[]',
      'unknown version': good.replace('"version":1', '"version":2'),
      'bad step': good.replace('"step":"precommit"', '"step":"commit"'),
    }
    for (const [what, text] of Object.entries(damaged)) {
      writeFileSync(statePath, text)
      const error = expectError(open, SignStateCorrupt, 'STORE_CORRUPT')
      expect(error.message, what).toContain('do not delete or reset it')
    }

    // a consistent file (good checksum) whose signature is not the validator's over the digest
    writeFileSync(statePath, good)
    const last = readSignState(statePath).last
    if (!last) throw new Error('expected a last signature')
    writeFileSync(
      statePath,
      encodeSignState({
        validator: validator.address.toLowerCase() as Hex,
        chainId: testDomain.chainId,
        last: { ...last, digest: hash('another digest') },
      }),
    )
    expect(expectError(open, SignStateCorrupt, 'STORE_CORRUPT').message).toContain(
      'not by its validator',
    )

    rmSync(statePath)
    expect(expectError(open, SignStateCorrupt, 'STORE_CORRUPT').message).toContain('does not exist')

    // a leftover temp file from a crash mid-write changes nothing
    writeFileSync(statePath, good)
    writeFileSync(`${statePath}.tmp`, 'garbage')
    expect(open().lastSigned?.height).toBe(12n)
  })
})
