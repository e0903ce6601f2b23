/**
 * The RPC server's happy paths, over real HTTP and WebSocket on 127.0.0.1, against a real Chain
 * on a temporary SQLite file: every method, proofs that verify against the header they name,
 * and subscriptions that follow committed blocks.
 */
import { readFileSync } from 'node:fs'
import { privateKeyToAccount } from 'viem/accounts'
import { hashTypedData } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  canonicalJson,
  decodeStateValue,
  encodeHeader,
  fromHex,
  keccak256,
  merkleRoot,
  rpcParamsHash,
  rpcRequestDigest,
  rpcRequestTypes,
  toHex,
  verifyCommit,
  verifyMerkleProof,
  verifyStateProof,
  type Header,
  type StateProof,
} from '../../../src/node/protocol'
import { RpcErrorCode } from '../../../src/node/rpc'
import { methods } from '../../../src/node/rpc/methods'
import { getValidators } from '../../../src/node/state'
import { alice, bob, carol, issuer, sign, testDomain, validators } from '../../fixtures/network'
import {
  auditor,
  call,
  nowSeconds,
  post,
  regulator,
  result,
  signed,
  startRpc,
  txHex,
  WsClient,
  type Harness,
} from './harness'

interface Proven {
  height: string
  stateRoot: `0x${string}`
  key: string
  value: unknown
  proof: StateProof
}

type HeaderJson = { [K in keyof Header]: string } & { hash: string }

function headerFromJson(json: HeaderJson): Header {
  return {
    chainId: BigInt(json.chainId),
    height: BigInt(json.height),
    timeMs: BigInt(json.timeMs),
    lastBlockHash: json.lastBlockHash as `0x${string}`,
    lastCommitHash: json.lastCommitHash as `0x${string}`,
    txRoot: json.txRoot as `0x${string}`,
    stateRoot: json.stateRoot as `0x${string}`,
    validatorsHash: json.validatorsHash as `0x${string}`,
    nextValidatorsHash: json.nextValidatorsHash as `0x${string}`,
    proposer: json.proposer as `0x${string}`,
  }
}

let h: Harness
let url: string

/** Checks a proven answer against the header of the height it names; returns the value bytes. */
async function verifyProven(proven: Proven): Promise<Uint8Array | null> {
  const header = await result<HeaderJson>(url, 'custos_getHeader', { height: proven.height })
  expect(proven.stateRoot).toBe(header.stateRoot)
  const bytes = await verifyStateProof(proven.stateRoot, proven.proof)
  expect(proven.proof.key).toBe(proven.key)
  return bytes
}

beforeAll(async () => {
  h = await startRpc()
  url = h.rpc.url
  // block 1: alice → bob; block 2: a DvP instruction between alice and carol
  h.backend.chain.submit(sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 10n }))
  h.backend.produceBlock()
  h.backend.chain.submit(
    sign(
      alice,
      'CreateInstruction',
      {
        reference: 'T-1',
        settleBy: 4_000_000_000n,
        legs: [
          { symbol: 'ACME', from: alice.address, to: carol.address, amount: 5n },
          { symbol: 'EURC', from: carol.address, to: alice.address, amount: 500n },
        ],
      },
      1n,
    ),
  )
  h.backend.produceBlock()
})

afterAll(async () => {
  await h.close()
})

describe('public methods', () => {
  it('custos_status reports the chain, its head, the validator set and the node', async () => {
    const status = await result(url, 'custos_status')
    const head = h.backend.chain.head()
    expect(status).toMatchObject({
      chainId: '7001',
      verifyingContract: testDomain.verifyingContract,
      height: head.height.toString(),
      latestBlockHash: head.hash,
      latestBlockTimeMs: head.header.timeMs.toString(),
      stateRoot: head.header.stateRoot,
      totalVotingPower: '40',
      peers: 3,
      syncing: false,
      validator: validators[0]?.address,
      pendingTxs: 0,
    })
    expect(status['validators']).toEqual(
      getValidators(h.backend.chain.state()).map((v) => ({
        address: v.address,
        power: v.power.toString(),
      })),
    )
  })

  it('custos_getHeader returns a header whose fields hash to its hash; default is the head', async () => {
    const genesis = await result<HeaderJson>(url, 'custos_getHeader', { height: '0' })
    expect(genesis.height).toBe('0')
    expect(toHex(keccak256(encodeHeader(headerFromJson(genesis))))).toBe(genesis.hash)
    const latest = await result<HeaderJson>(url, 'custos_getHeader')
    expect(latest.hash).toBe(h.backend.chain.head().hash)
    const byNumber = await result<HeaderJson>(url, 'custos_getHeader', { height: 1 })
    expect(byNumber.height).toBe('1')
  })

  it('custos_getHeaders returns a chained range and stops at the head', async () => {
    const { head, headers } = await result<{ head: string; headers: HeaderJson[] }>(
      url,
      'custos_getHeaders',
      { from: '0', to: '99' },
    )
    expect(head).toBe(h.backend.chain.head().height.toString())
    expect(headers.map((x) => x.height)).toEqual(['0', '1', '2'])
    for (let i = 1; i < headers.length; i++)
      expect(headers[i]?.lastBlockHash).toBe(headers[i - 1]?.hash)
  })

  it('custos_getHeaders with commits returns signed headers that verify', async () => {
    const { headers, commits } = await result<{
      headers: HeaderJson[]
      commits: Array<null | {
        height: string
        round: string
        blockHash: `0x${string}`
        signatures: Array<{ validator: `0x${string}`; signature: `0x${string}` }>
      }>
    }>(url, 'custos_getHeaders', { from: '0', to: '2', withCommits: true })
    expect(commits).toHaveLength(headers.length)
    expect(commits[0]).toBeNull()
    for (const [i, commit] of commits.entries()) {
      if (i === 0 || !commit) continue
      const power = verifyCommit({
        domain: testDomain,
        commit: { ...commit, height: BigInt(commit.height), round: BigInt(commit.round) },
        validators: getValidators(h.backend.chain.state()),
        blockHash: headers[i]?.hash as `0x${string}`,
        height: BigInt(i),
      })
      expect(power).toBeGreaterThan(26n)
    }
  })

  it('custos_getCommit returns a commit that verifies against the validator set', async () => {
    const header = await result<HeaderJson>(url, 'custos_getHeader', { height: '1' })
    const commit = await result<{
      height: string
      round: string
      blockHash: `0x${string}`
      signatures: Array<{ validator: `0x${string}`; signature: `0x${string}` }>
    }>(url, 'custos_getCommit', { height: '1' })
    expect(commit.blockHash).toBe(header.hash)
    const power = verifyCommit({
      domain: testDomain,
      commit: { ...commit, height: BigInt(commit.height), round: BigInt(commit.round) },
      validators: getValidators(h.backend.chain.state()),
      blockHash: header.hash as `0x${string}`,
      height: 1n,
    })
    expect(power).toBe(40n)
  })

  it('custos_getBlock returns the header, the tx bytes and ids whose root is the txRoot', async () => {
    const block = await result<{ header: HeaderJson; txs: string[]; txIds: `0x${string}`[] }>(
      url,
      'custos_getBlock',
      { height: '1' },
    )
    expect(block.txs).toHaveLength(1)
    expect(block.txIds).toHaveLength(1)
    expect(toHex(merkleRoot(block.txIds.map((id) => fromHex(id))))).toBe(block.header.txRoot)
    const empty = await result<{ txs: string[] }>(url, 'custos_getBlock', { height: '0' })
    expect(empty.txs).toEqual([])
  })

  it('custos_submitTx → pending → committed with an inclusion proof against the txRoot', async () => {
    const tx = sign(bob, 'Transfer', { symbol: 'EURC', to: alice.address, amount: 7n })
    const { id } = await result<{ id: `0x${string}` }>(url, 'custos_submitTx', { tx: txHex(tx) })
    expect(await result(url, 'custos_getTx', { id })).toEqual({ status: 'pending', id })
    expect((await result(url, 'custos_status'))['pendingTxs']).toBe(1)

    h.backend.produceBlock()
    const committed = await result<{
      status: string
      height: string
      index: number
      txRoot: `0x${string}`
      txCount: number
      proof: `0x${string}`[]
      kind: string
      signer: string
      message: Record<string, unknown>
    }>(url, 'custos_getTx', { id })
    expect(committed).toMatchObject({
      status: 'committed',
      kind: 'Transfer',
      signer: bob.address,
      message: { symbol: 'EURC', to: alice.address, amount: '7', nonce: '0' },
    })
    const header = await result<HeaderJson>(url, 'custos_getHeader', { height: committed.height })
    expect(committed.txRoot).toBe(header.txRoot)
    expect(
      verifyMerkleProof(
        fromHex(header.txRoot),
        fromHex(id),
        committed.index,
        committed.txCount,
        committed.proof.map((p) => fromHex(p)),
      ),
    ).toBe(true)

    const unknown = `0x${'ab'.repeat(32)}`
    expect(await result(url, 'custos_getTx', { id: unknown })).toEqual({
      status: 'unknown',
      id: unknown,
    })
  })

  it('custos_getToken returns the token record with a proof; an unknown symbol proves absence', async () => {
    const acme = await result<Proven>(url, 'custos_getToken', { symbol: 'ACME' })
    expect(acme.value).toMatchObject({
      symbol: 'ACME',
      issuer: issuer.address,
      decimals: '0',
      totalSupply: '4000000',
    })
    const bytes = await verifyProven(acme)
    expect(decodeStateValue<{ symbol: string }>(bytes as Uint8Array).symbol).toBe('ACME')
    const none = await result<Proven>(url, 'custos_getToken', { symbol: 'NOPE' })
    expect(none.value).toBeNull()
    expect(await verifyProven(none)).toBeNull()
  })

  it('custos_getValidators returns the set with a proof', async () => {
    const set = await result<Proven>(url, 'custos_getValidators')
    expect(set.value).toHaveLength(4)
    expect(await verifyProven(set)).not.toBeNull()
  })

  it('custos_getParticipant returns name and roles, never claims', async () => {
    const person = await result(url, 'custos_getParticipant', { address: alice.address })
    expect(person).toMatchObject({
      address: alice.address,
      registered: true,
      name: 'alice',
      roles: [],
    })
    expect(person).not.toHaveProperty('claims')
    const upper = await result(url, 'custos_getParticipant', {
      address: issuer.address.toUpperCase().replace('0X', '0x'),
    })
    expect(upper).toMatchObject({ name: 'Acme Issuer AG', roles: ['issuer'] })
    const nobody = await result(url, 'custos_getParticipant', { address: `0x${'11'.repeat(20)}` })
    expect(nobody).toMatchObject({ registered: false, name: '', roles: [] })
  })

  it('custos_getState serves the public keys with proofs', async () => {
    for (const key of ['chain', 'params', 'validators', 'token/EURC']) {
      const proven = await result<Proven>(url, 'custos_getState', { key })
      expect(proven.key).toBe(key)
      expect(proven.value).not.toBeNull()
      expect(await verifyProven(proven)).not.toBeNull()
    }
    const chain = await result<Proven>(url, 'custos_getState', { key: 'chain' })
    expect(chain.value).toMatchObject({ chainId: '7001' })
  })

  it('answers a batch in order and leaves notifications unanswered', async () => {
    const reply = await post(
      url,
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'custos_getHeader', params: { height: '0' } },
        { jsonrpc: '2.0', method: 'custos_status' },
        { jsonrpc: '2.0', id: 2, method: 'custos_status' },
      ]),
    )
    const body = reply.body as Array<{ id: unknown; result: Record<string, unknown> }>
    expect(reply.status).toBe(200)
    expect(body.map((r) => r.id)).toEqual(['a', 2])
    expect(body[0]?.result['height']).toBe('0')
    const onlyNotification = await post(
      url,
      JSON.stringify({ jsonrpc: '2.0', method: 'custos_status' }),
    )
    expect(onlyNotification.status).toBe(204)
    expect(onlyNotification.body).toBeUndefined()
  })
})

describe('private methods', () => {
  it('custos_getBalances lists every token with proofs, for the address itself', async () => {
    const params = signed(alice, 'custos_getBalances', { address: alice.address })
    const answer = await result<{
      address: string
      height: string
      stateRoot: `0x${string}`
      balances: Array<{ symbol: string; amount: string; proof: StateProof }>
    }>(url, 'custos_getBalances', params)
    expect(answer.address).toBe(alice.address)
    expect(answer.balances.map((b) => [b.symbol, b.amount])).toEqual([
      ['ACME', '999990'],
      ['EURC', '1000007'],
    ])
    const header = await result<HeaderJson>(url, 'custos_getHeader', { height: answer.height })
    expect(answer.stateRoot).toBe(header.stateRoot)
    for (const balance of answer.balances) {
      const bytes = await verifyStateProof(answer.stateRoot, balance.proof)
      expect(decodeStateValue<bigint>(bytes as Uint8Array).toString()).toBe(balance.amount)
    }
  })

  it('custos_getBalances serves auditors and regulators, and proves zero balances', async () => {
    for (const reader of [auditor, regulator]) {
      const answer = await result<{ balances: Array<{ symbol: string; amount: string }> }>(
        url,
        'custos_getBalances',
        signed(reader, 'custos_getBalances', { address: bob.address }),
      )
      expect(answer.balances.find((b) => b.symbol === 'ACME')?.amount).toBe('1000010')
    }
    const erinless = await result<{
      stateRoot: `0x${string}`
      balances: Array<{ symbol: string; amount: string; proof: StateProof }>
    }>(
      url,
      'custos_getBalances',
      signed(auditor, 'custos_getBalances', { address: auditor.address, symbols: ['ACME'] }),
    )
    expect(erinless.balances).toHaveLength(1)
    expect(erinless.balances[0]?.amount).toBe('0')
    expect(
      await verifyStateProof(erinless.stateRoot, erinless.balances[0]?.proof as StateProof),
    ).toBeNull()
  })

  it('accepts auth signed by a wallet (viem signTypedData) over the same typed data', async () => {
    const account = privateKeyToAccount(toHex(carol.key))
    const params = { address: carol.address }
    const issuedAt = nowSeconds()
    const signature = await account.signTypedData({
      domain: { ...testDomain },
      types: rpcRequestTypes,
      primaryType: 'RpcRequest',
      message: { method: 'custos_getNonce', paramsHash: rpcParamsHash(params), issuedAt },
    })
    const answer = await result<Proven & { nonce: string }>(url, 'custos_getNonce', {
      ...params,
      auth: { signer: account.address, issuedAt: issuedAt.toString(), signature },
    })
    expect(answer.nonce).toBe('0')
    expect(await verifyProven(answer)).toBeNull()
  })

  it('custos_getNonce returns the next nonce with a proof', async () => {
    const answer = await result<Proven & { nonce: string }>(
      url,
      'custos_getNonce',
      signed(alice, 'custos_getNonce', { address: alice.address }),
    )
    expect(answer.nonce).toBe('2')
    const bytes = await verifyProven(answer)
    expect(decodeStateValue<bigint>(bytes as Uint8Array)).toBe(2n)
  })

  it('custos_getInstruction serves its parties and auditors, with a proof', async () => {
    const block = await result<{ txIds: `0x${string}`[] }>(url, 'custos_getBlock', {
      height: '2',
    })
    const id = block.txIds[0] as `0x${string}`
    for (const reader of [alice, carol, auditor]) {
      const answer = await result<Proven>(
        url,
        'custos_getInstruction',
        signed(reader, 'custos_getInstruction', { id }),
      )
      expect(answer.value).toMatchObject({ id, status: 'pending', reference: 'T-1' })
      expect(await verifyProven(answer)).not.toBeNull()
    }
  })

  it('custos_getParticipantClaims returns the whole record with a proof', async () => {
    const answer = await result<Proven>(
      url,
      'custos_getParticipantClaims',
      signed(regulator, 'custos_getParticipantClaims', { address: alice.address }),
    )
    expect(answer.value).toMatchObject({
      name: 'alice',
      claims: { kyc: { value: 'true' }, jurisdiction: { value: 'DE' } },
    })
    expect(await verifyProven(answer)).not.toBeNull()
  })
})

describe('WebSocket', () => {
  it('serves ordinary methods', async () => {
    const ws = await WsClient.open(h.rpc.wsUrl)
    const status = await ws.request('custos_status')
    expect((status.result as Record<string, unknown>)['chainId']).toBe('7001')
    ws.close()
  })

  it('newHeads: one notification per committed block, none after unsubscribing', async () => {
    const ws = await WsClient.open(h.rpc.wsUrl)
    const sub = await ws.request('custos_subscribe', { topic: 'newHeads' })
    expect(sub.result).toMatch(/^0x[0-9a-f]{32}$/)
    const produced = h.backend.produceBlock()
    const note = await ws.notification()
    expect(note).toMatchObject({
      jsonrpc: '2.0',
      method: 'custos_subscription',
      params: {
        subscription: sub.result,
        result: { height: produced.head.height.toString(), hash: produced.head.hash },
      },
    })
    expect((await ws.request('custos_unsubscribe', { subscription: sub.result })).result).toBe(true)
    expect((await ws.request('custos_unsubscribe', { subscription: sub.result })).result).toBe(
      false,
    )
    h.backend.produceBlock()
    expect(await ws.notification(300)).toBeUndefined()
    ws.close()
  })

  it('address: the committed transfers touching the address, for its owner', async () => {
    const ws = await WsClient.open(h.rpc.wsUrl)
    const sub = await ws.request(
      'custos_subscribe',
      signed(bob, 'custos_subscribe', { topic: 'address', address: bob.address }),
    )
    expect(sub.error).toBeUndefined()
    const audit = await WsClient.open(h.rpc.wsUrl)
    const auditSub = await audit.request(
      'custos_subscribe',
      signed(auditor, 'custos_subscribe', { topic: 'address', address: bob.address }),
    )
    expect(auditSub.result).toBeTypeOf('string')
    // a transfer between others is not bob's business
    h.backend.chain.submit(
      sign(carol, 'Transfer', { symbol: 'EURC', to: alice.address, amount: 1n }),
    )
    h.backend.produceBlock()
    expect(await ws.notification(300)).toBeUndefined()

    const tx = sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 3n }, 2n)
    const id = h.backend.chain.submit(tx)
    const produced = h.backend.produceBlock()
    const note = await ws.notification()
    expect(note).toMatchObject({
      method: 'custos_subscription',
      params: {
        subscription: sub.result,
        result: {
          id,
          height: produced.head.height.toString(),
          index: 0,
          kind: 'Transfer',
          signer: alice.address,
          message: { to: bob.address, amount: '3', symbol: 'ACME' },
        },
      },
    })
    expect(await audit.notification()).toMatchObject({
      params: { subscription: auditSub.result, result: { id } },
    })
    audit.close()
    ws.close()
  })

  it('close() ends connections and unregisters from the backend', async () => {
    const other = await startRpc()
    const ws = await WsClient.open(other.rpc.wsUrl)
    expect(other.backend.listenerCount).toBe(1)
    await other.close()
    expect((await ws.closed).code).toBe(1001)
    expect(other.backend.listenerCount).toBe(0)
    await expect(fetch(other.rpc.url)).rejects.toThrow()
  })
})

describe('rpcAuth (protocol)', () => {
  it('hashes params as RFC 8785 canonical JSON without auth', () => {
    expect(canonicalJson({ b: [1, 'x', null], a: { d: true, c: 1.5 } })).toBe(
      '{"a":{"c":1.5,"d":true},"b":[1,"x",null]}',
    )
    expect(rpcParamsHash({ address: '0xab', auth: { signer: '0x' } })).toBe(
      rpcParamsHash({ address: '0xab' }),
    )
  })

  it('signs the EIP-712 digest viem computes for RpcRequest', () => {
    const message = {
      method: 'custos_getBalances',
      paramsHash: rpcParamsHash({ address: alice.address }),
      issuedAt: 1_767_225_600n,
    }
    expect(rpcRequestDigest(testDomain, message)).toBe(
      hashTypedData({
        domain: { ...testDomain },
        types: rpcRequestTypes,
        primaryType: 'RpcRequest',
        message,
      }),
    )
  })
})

it('an unsigned private call names what to do', async () => {
  const response = await call(url, 'custos_getNonce', { address: alice.address })
  expect(response.error?.message).toMatch(/params\.auth/)
})

describe('docs/rpc.md', () => {
  const doc = readFileSync(new URL('../../../docs/rpc.md', import.meta.url), 'utf8')

  it('documents every method', () => {
    const names = [...methods.keys(), 'custos_subscribe', 'custos_unsubscribe']
    expect(names.filter((name) => !doc.includes(`| \`${name}\``))).toEqual([])
  })

  it('documents every error code', () => {
    const codes = Object.values(RpcErrorCode).map(String)
    expect(codes.filter((code) => !doc.includes(`| ${code} `))).toEqual([])
  })
})
