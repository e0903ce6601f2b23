/**
 * Full nodes that lie to the light client, over real HTTP on 127.0.0.1 (lyingNode.ts in front
 * of an honest devnet node). Each lie is caught with its own reason and a message that says
 * what happened and what to do, and nothing the liar said is kept as verified.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { headerHash, type Address, type Header, type Hex } from '../../../src/node/protocol'
import { LightClient, LightClientError, RpcProvider } from '../../../src/node/light'
import type { CommitJson, HeaderJson, LightBlockAnswer, ProvenValue } from '../../../src/node/rpc'
import { keys } from '../../../src/node/state'
import { startDevnet, TRUST_A_YEAR, type Devnet } from './devnet'
import { resultOf, startLyingNode, type LyingNode, type Tamper } from './lyingNode'

let devnet: Devnet
let liar: LyingNode | undefined

beforeAll(async () => {
  devnet = await startDevnet({ blocks: 12 })
})

afterEach(async () => {
  await liar?.close()
  liar = undefined
})

afterAll(async () => {
  await devnet.close()
})

async function lyingClient(tamper: Tamper, provider: { timeoutMs?: number } = {}) {
  liar = await startLyingNode(devnet.rpc.url, tamper)
  return LightClient.create({
    root: { kind: 'genesis', genesis: devnet.genesis },
    primary: new RpcProvider({ url: liar.url, ...provider }),
    trustingPeriodMs: TRUST_A_YEAR,
    retries: 1,
    retryDelayMs: 10,
  })
}

async function failure(promise: Promise<unknown>): Promise<LightClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LightClientError)
  return error as LightClientError
}

/** Rewrites every light block the node serves. */
function lightBlocks(rewrite: (block: LightBlockAnswer) => void): Tamper {
  return (call, honest) => {
    if (call.method !== 'custos_getLightBlock') return honest
    const block = resultOf<LightBlockAnswer>(honest)
    rewrite(block)
    return { result: block }
  }
}

function headerOf(json: HeaderJson): Header {
  return {
    chainId: BigInt(json.chainId),
    height: BigInt(json.height),
    timeMs: BigInt(json.timeMs),
    lastBlockHash: json.lastBlockHash as Hex,
    lastCommitHash: json.lastCommitHash as Hex,
    txRoot: json.txRoot as Hex,
    stateRoot: json.stateRoot as Hex,
    validatorsHash: json.validatorsHash as Hex,
    nextValidatorsHash: json.nextValidatorsHash as Hex,
    proposer: json.proposer as Address,
  }
}

/** Rewrites state answers of `custos_getState`. */
function stateAnswers(rewrite: (answer: ProvenValue) => void): Tamper {
  return (call, honest) => {
    if (call.method !== 'custos_getState') return honest
    const answer = resultOf<ProvenValue>(honest)
    rewrite(answer)
    return { result: answer }
  }
}

function flipLastByte(hex: Hex): Hex {
  const last = parseInt(hex.slice(-2), 16) ^ 0x01
  return `${hex.slice(0, -2)}${last.toString(16).padStart(2, '0')}` as Hex
}

describe('a lying primary is caught', () => {
  it('a forged header: the state root changed under the same commit', async () => {
    const light = await lyingClient(
      lightBlocks((block) => {
        block.header.stateRoot = `0x${'66'.repeat(32)}`
        // a careful liar also fixes the hash field; the commit still signs the real header
        block.header.hash = headerHash(headerOf(block.header))
      }),
    )
    const error = await failure(light.sync())
    expect(error.reason).toBe('forged-header')
    expect(error.message).toMatch(
      /served block 12 with a header the validators did not sign .*use another node as the primary/i,
    )
    expect(light.latest().header.height).toBe(0n)
  })

  it('a forged header whose hash field was left stale', async () => {
    const light = await lyingClient(
      lightBlocks((block) => {
        block.header.stateRoot = `0x${'66'.repeat(32)}`
      }),
    )
    const error = await failure(light.sync())
    expect(error.reason).toBe('forged-header')
    expect(error.message).toMatch(/hash field is not the hash of its fields/)
  })

  it('a commit with too little power: two of four validators', async () => {
    const light = await lyingClient(
      lightBlocks((block) => {
        block.commit.signatures = block.commit.signatures.slice(0, 2)
      }),
    )
    const error = await failure(light.sync())
    expect(error.reason).toBe('insufficient-power')
    expect(error.message).toMatch(
      /signed by 20 of 40 voting power; more than 2\/3 is needed for a block to be final/,
    )
    expect(light.latest().header.height).toBe(0n)
  })

  it('a forged signature in the commit', async () => {
    const light = await lyingClient(
      lightBlocks((block) => {
        const signatures: CommitJson['signatures'] = block.commit.signatures
        const [first] = signatures
        if (first) first.signature = (signatures[1] ?? first).signature
      }),
    )
    const error = await failure(light.sync())
    expect(error.reason).toBe('bad-commit')
    expect(error.message).toMatch(/does not verify/)
  })

  it('a wrong validator set', async () => {
    const light = await lyingClient(
      lightBlocks((block) => {
        const [first] = block.validators
        if (first) first.power = '1000'
      }),
    )
    const error = await failure(light.sync())
    expect(error.reason).toBe('wrong-validator-set')
    expect(error.message).toMatch(/wrong validator set: the set sent hashes to .* the header names/)
  })

  it('a state answer with a bad proof (the value changed)', async () => {
    const light = await lyingClient(
      stateAnswers((answer) => {
        if (answer.proof.value) answer.proof.value = flipLastByte(answer.proof.value)
      }),
    )
    const error = await failure(light.provenState(keys.token('ACME')))
    expect(error.reason).toBe('bad-proof')
    expect(error.message).toMatch(/answered token\/ACME with a proof that does not hold/)
  })

  it('a state answer with a bad proof (a trie node changed)', async () => {
    const light = await lyingClient(
      stateAnswers((answer) => {
        const nodes = answer.proof.nodes
        nodes[nodes.length - 1] = flipLastByte(nodes[nodes.length - 1] as Hex)
      }),
    )
    const error = await failure(light.provenState(keys.token('ACME')))
    expect(error.reason).toBe('bad-proof')
  })

  it('a state answer against a state root other than the verified one', async () => {
    const light = await lyingClient(
      stateAnswers((answer) => {
        answer.stateRoot = `0x${'77'.repeat(32)}`
      }),
    )
    const error = await failure(light.provenState(keys.token('ACME')))
    expect(error.reason).toBe('bad-proof')
    expect(error.message).toMatch(/against state root 0x7777.*but block \d+ has/)
  })

  it('a state answer without a proof', async () => {
    const light = await lyingClient((call, honest) => {
      if (call.method !== 'custos_getState') return honest
      const answer = resultOf<Partial<ProvenValue>>(honest)
      delete answer.proof
      return { result: answer }
    })
    const error = await failure(light.provenState(keys.token('ACME')))
    expect(error.reason).toBe('missing-proof')
    expect(error.message).toMatch(/answered token\/ACME without a Merkle proof/)
  })

  it('a state answer with an empty proof', async () => {
    const light = await lyingClient(stateAnswers((answer) => void (answer.proof.nodes = [])))
    const error = await failure(light.provenState(keys.token('ACME')))
    expect(error.reason).toBe('missing-proof')
  })

  it('a withheld header: the head is served, the block below it comes back empty', async () => {
    const light = await lyingClient((call, honest) =>
      call.method === 'custos_getLightBlock' && call.params['height'] !== undefined
        ? { result: null }
        : honest,
    )
    const error = await failure(light.sync(5n))
    expect(error.reason).toBe('withheld-header')
    expect(error.message).toMatch(/says its chain reaches height 12 but did not serve block 5/)
    expect(liar?.calls.filter((c) => c.params['height'] === '5')).toHaveLength(2) // one retry
  })

  it('a withheld header: the node never answers for that height', async () => {
    const light = await lyingClient(
      (call, honest) =>
        call.method === 'custos_getLightBlock' && call.params['height'] === '7' ? 'hang' : honest,
      { timeoutMs: 200 },
    )
    const error = await failure(light.sync(7n))
    expect(error.reason).toBe('withheld-header')
    expect(error.cause).toMatchObject({ failure: 'timeout' })
  })

  it('a malformed answer', async () => {
    const light = await lyingClient((call, honest) =>
      call.method === 'custos_getLightBlock'
        ? { result: { ...resultOf<LightBlockAnswer>(honest), header: {} } }
        : honest,
    )
    const error = await failure(light.sync(4n))
    expect(error.reason).toBe('bad-response')
    expect(error.message).toMatch(/sent an answer the light node cannot use: light block header/)
  })
})
