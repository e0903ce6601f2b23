/**
 * The light-client methods over real HTTP on a devnet whose validator set changes by
 * governance: `custos_getLightBlock` serves header, canonical commit and the signing set of any
 * committed height; `custos_getValidatorSet` the set of any height up to head + 1;
 * `custos_submitEvidence` verifies conflicting signed headers, keeps them and tells listeners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EvidenceReceipt, ForkEvidence } from '../../../src/node/chain'
import {
  headerHash,
  signVote,
  validatorSetHash,
  VoteType,
  type Commit,
  type Header,
} from '../../../src/node/protocol'
import type {
  EvidenceAnswer,
  LightBlockAnswer,
  ValidatorSetAnswer,
} from '../../../src/node/rpc/answers'
import { commitJson, headerJson } from '../../../src/node/rpc/json'
import { testDomain, validators, type Actor } from '../../fixtures/network'
import { changedSet, startDevnet, type Devnet } from '../light/devnet'
import { call, result } from './harness'

let devnet: Devnet
let url: string
let change: bigint

beforeAll(async () => {
  devnet = await startDevnet({ withSetChange: true, blocks: 20 })
  url = devnet.rpc.url
  change = devnet.changeHeight as bigint
})

afterAll(async () => {
  await devnet.close()
})

const genesisSet = validators
  .map((v) => ({ address: v.address, power: '10' }))
  .sort((a, b) => (a.address < b.address ? -1 : 1))
const changedSetJson = changedSet.map((v) => ({ address: v.address, power: v.power.toString() }))

describe('custos_getLightBlock', () => {
  it('serves a committed height: header, canonical commit and the set that signed it', async () => {
    for (const height of [1n, change - 1n, change, change + 3n]) {
      const block = await result<LightBlockAnswer>(url, 'custos_getLightBlock', {
        height: height.toString(),
      })
      const header = devnet.header(height)
      expect(block.header).toEqual(headerJson(header))
      expect(block.commit).toEqual(commitJson(devnet.chain.store.commit(height) as Commit))
      expect(block.commit.blockHash).toBe(headerHash(header))
      expect(block.canonical).toBe(true)
      expect(block.validators).toEqual(height < change ? genesisSet : changedSetJson)
      expect(
        validatorSetHash(block.validators.map((v) => ({ ...v, power: BigInt(v.power) }))),
      ).toBe(header.validatorsHash)
    }
  })

  it('defaults to the head, whose commit is not canonical yet', async () => {
    const block = await result<LightBlockAnswer>(url, 'custos_getLightBlock')
    expect(block.header.height).toBe(devnet.chain.head().height.toString())
    expect(block.canonical).toBe(false)
  })

  it('has nothing at height 0 (no commit) or above the head', async () => {
    const genesis = await call(url, 'custos_getLightBlock', { height: '0' })
    expect(genesis.error?.code).toBe(-32004)
    expect(genesis.error?.message).toMatch(/has no commit; a light client starts from the genesis/)
    const above = await call(url, 'custos_getLightBlock', { height: '100000' })
    expect(above.error?.code).toBe(-32004)
  })
})

describe('custos_getValidatorSet', () => {
  it('names the set of each height and the first height it signed', async () => {
    const before = await result<ValidatorSetAnswer>(url, 'custos_getValidatorSet', {
      height: (change - 1n).toString(),
    })
    expect(before).toMatchObject({ fromHeight: '0', totalPower: '40', validators: genesisSet })
    const after = await result<ValidatorSetAnswer>(url, 'custos_getValidatorSet', {
      height: change.toString(),
    })
    expect(after).toMatchObject({
      fromHeight: change.toString(),
      totalPower: '110',
      hash: validatorSetHash(changedSet),
      validators: changedSetJson,
    })
  })

  it('knows the set of head + 1, not beyond', async () => {
    const head = devnet.chain.head().height
    const next = await result<ValidatorSetAnswer>(url, 'custos_getValidatorSet', {
      height: (head + 1n).toString(),
    })
    expect(next.hash).toBe(devnet.header(head).nextValidatorsHash)
    const beyond = await call(url, 'custos_getValidatorSet', { height: (head + 2n).toString() })
    expect(beyond.error?.code).toBe(-32004)
    expect(beyond.error?.message).toMatch(/not decided yet/)
    const missing = await call(url, 'custos_getValidatorSet', {})
    expect(missing.error?.code).toBe(-32602)
  })
})

/** A second header at `height` (another state root) signed by `signers`: a conflicting block. */
function conflicting(
  height: bigint,
  signers: readonly Actor[],
): { header: Header; commit: Commit } {
  const header = { ...devnet.header(height), stateRoot: `0x${'99'.repeat(32)}` as const }
  const blockHash = headerHash(header)
  const signatures = [...signers]
    .sort((a, b) => (a.address < b.address ? -1 : 1))
    .map((v) => ({
      validator: v.address,
      signature: signVote(
        testDomain,
        { voteType: VoteType.precommit, height, round: 0n, blockHash },
        v.key,
      ),
    }))
  return { header, commit: { height, round: 0n, blockHash, signatures } }
}

function evidenceJson(evidence: ForkEvidence) {
  const side = (s: ForkEvidence['primary']) => ({
    header: headerJson(s.header),
    commit: commitJson(s.commit),
  })
  return {
    height: evidence.height.toString(),
    primary: side(evidence.primary),
    witness: side(evidence.witness),
  }
}

function realSide(height: bigint) {
  return { header: devnet.header(height), commit: devnet.chain.store.commit(height) as Commit }
}

describe('custos_submitEvidence', () => {
  it('verifies conflicting signed headers, keeps them once, and tells listeners', async () => {
    const heard: EvidenceReceipt[] = []
    const stop = devnet.chain.onEvidence((_evidence, receipt) => heard.push(receipt))
    const height = 3n
    const evidence: ForkEvidence = {
      height,
      primary: conflicting(height, validators),
      witness: realSide(height),
    }
    const answer = await result<EvidenceAnswer>(url, 'custos_submitEvidence', {
      evidence: evidenceJson(evidence),
    })
    expect(answer).toMatchObject({
      height: '3',
      primaryHash: headerHash(evidence.primary.header),
      witnessHash: headerHash(devnet.header(height)),
      signedBoth: validators.map((v) => v.address).sort(),
      duplicate: false,
    })
    const kept = devnet.chain.store.evidence(answer.hash)
    expect(kept?.height).toBe(3n)
    // the same pair, either way round, is the same evidence
    const again = await result<EvidenceAnswer>(url, 'custos_submitEvidence', {
      evidence: evidenceJson({ height, primary: evidence.witness, witness: evidence.primary }),
    })
    expect(again).toMatchObject({ hash: answer.hash, duplicate: true })
    expect(heard.map((r) => r.hash)).toEqual([answer.hash])
    stop()
  })

  it('checks the commits against the set the node knows for that height', async () => {
    // after the change only validator-4 and validator-5 sign; a header signed by the old set
    // carries 10 of 110 of the set the node knows
    const height = change + 1n
    const evidence = {
      height,
      primary: conflicting(height, validators),
      witness: realSide(height),
    }
    const refused = await call(url, 'custos_submitEvidence', { evidence: evidenceJson(evidence) })
    expect(refused.error?.code).toBe(-32010)
    expect(refused.error?.data).toMatchObject({ code: 'INVALID_BLOCK' })
    expect(refused.error?.message).toMatch(
      /evidence refused: the primary commit carries 10 of 110 voting power .* more than 1\/3 is needed/,
    )
  })

  it('refuses evidence that shows no conflict or is malformed', async () => {
    const height = 4n
    const same = await call(url, 'custos_submitEvidence', {
      evidence: evidenceJson({ height, primary: realSide(height), witness: realSide(height) }),
    })
    expect(same.error?.message).toMatch(/both headers are the same block/)
    const [v1] = validators as [Actor]
    const weak = await call(url, 'custos_submitEvidence', {
      evidence: evidenceJson({
        height,
        primary: conflicting(height, [v1]),
        witness: realSide(height),
      }),
    })
    expect(weak.error?.message).toMatch(/carries 10 of 40 voting power/)
    const otherHeight = await call(url, 'custos_submitEvidence', {
      evidence: evidenceJson({
        height: 5n,
        primary: conflicting(height, validators),
        witness: realSide(height),
      }),
    })
    expect(otherHeight.error?.message).toMatch(/the primary header is for height 4, not 5/)
    const json = evidenceJson({
      height,
      primary: conflicting(height, validators),
      witness: realSide(height),
    })
    json.primary.header.stateRoot = `0x${'12'.repeat(32)}`
    const stale = await call(url, 'custos_submitEvidence', { evidence: json })
    expect(stale.error?.code).toBe(-32602)
    expect(stale.error?.message).toMatch(
      /evidence.primary.header.hash: hash is not the hash of these header fields/,
    )
  })
})
