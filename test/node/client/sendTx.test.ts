/**
 * The client against a real RPC server whose chain makes a block every 50 ms: create an
 * account, fund it, propose and approve a transfer, all through `sendTx`; refusals come back
 * with the chain's reason, a stalled chain times out clearly, and reads are authenticated by
 * the signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approveProposalTx,
  buildTx,
  createAccountTx,
  CustosRpc,
  NodeUnreachable,
  policyFromJson,
  privateKeySigner,
  proposalToApprove,
  proposeTransferTx,
  RpcCallFailed,
  sendTx,
  TxRefused,
  TxTimeout,
} from '../../../src/node/client'
import type { Address } from '../../../src/node/protocol'
import { RpcErrorCode } from '../../../src/node/rpc'
import { alice, bob, dave, kycProvider, stranger } from '../../fixtures/network'
import { startRpc, type Harness } from '../rpc/harness'
import { treasuryPolicy } from '../rpc/treasury'

let h: Harness
let rpc: CustosRpc
let producing = true
let timer: ReturnType<typeof setInterval>
let treasury: Address
const [aliceSigner, bobSigner] = [privateKeySigner(alice.key), privateKeySigner(bob.key)]

beforeAll(async () => {
  h = await startRpc()
  rpc = new CustosRpc(h.rpc.url)
  timer = setInterval(() => {
    if (producing) h.backend.produceBlock()
  }, 50)
})

afterAll(async () => {
  clearInterval(timer)
  await h.close()
})

const fast = { timeoutMs: 10_000, intervalMs: 25 }

describe('sendTx', () => {
  it('creates an account where the builder said it would be', async () => {
    const { membersAndPolicy } = policyFromJson(treasuryPolicy)
    const sent = await sendTx({
      rpc,
      signer: aliceSigner,
      build: (ctx) => createAccountTx(ctx, { name: 'Treasury', membersAndPolicy }),
      wait: fast,
    })
    treasury = sent.request.account
    expect(sent.committed).toMatchObject({ status: 'committed', kind: 'CreateAccount' })
    const account = await rpc.getAccount(treasury, bobSigner)
    expect(account.name).toBe('Treasury')
    // fund it: a KYC claim, then alice's transfer
    const kyc = privateKeySigner(kycProvider.key)
    for (const [topic, value] of [
      ['kyc', 'true'],
      ['jurisdiction', 'DE'],
    ])
      await sendTx({
        rpc,
        signer: kyc,
        build: (ctx) =>
          buildTx(ctx, 'IssueClaim', { subject: treasury, topic, value, expiresAt: 0n }),
        wait: fast,
      })
    await sendTx({
      rpc,
      signer: aliceSigner,
      build: (ctx) => buildTx(ctx, 'Transfer', { symbol: 'ACME', to: treasury, amount: 100n }),
      wait: fast,
    })
  })

  it('a proposal approved with the fetched action executes', async () => {
    const proposed = await sendTx({
      rpc,
      signer: bobSigner,
      build: (ctx) =>
        proposeTransferTx(ctx, {
          account: treasury,
          symbol: 'ACME',
          to: dave.address,
          amount: 40n,
        }),
      wait: fast,
    })
    const proposal = await rpc.getProposal(treasury, proposed.id, aliceSigner)
    expect(proposal.status).toBe('pending')
    await sendTx({
      rpc,
      signer: aliceSigner,
      build: (ctx) => approveProposalTx(ctx, proposalToApprove(proposal)),
      wait: fast,
    })
    const after = await rpc.getProposal(treasury, proposed.id, aliceSigner)
    expect(after.status).toBe('executed')
    expect(after.summary).toMatch(/^Executed at height \d+/)
  })

  it('a refused transaction says why, with the chain code, before it is submitted', async () => {
    const pending = h.backend.chain.pendingCount()
    const refusal = await sendTx({
      rpc,
      signer: bobSigner,
      build: (ctx) =>
        proposeTransferTx(ctx, { account: treasury, symbol: 'EURC', to: dave.address, amount: 1n }),
      wait: fast,
    }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(TxRefused)
    expect((refusal as TxRefused).chainCode).toBe('POLICY_DENIED')
    expect((refusal as TxRefused).message).toMatch(/was refused: .*'Nothing else'/)
    expect(h.backend.chain.pendingCount()).toBe(pending)
  })

  it('a chain that makes no block times out with a clear message', async () => {
    producing = false
    try {
      const error = await sendTx({
        rpc,
        signer: aliceSigner,
        build: (ctx) => buildTx(ctx, 'Transfer', { symbol: 'ACME', to: dave.address, amount: 1n }),
        wait: { timeoutMs: 300, intervalMs: 50 },
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TxTimeout)
      expect((error as TxTimeout).message).toMatch(
        /was not committed within 0 s \(last status: pending\)/,
      )
    } finally {
      producing = true
    }
  })
})

describe('CustosRpc', () => {
  it('private reads are signed by the reader; a stranger is refused with -32003', async () => {
    const error = await rpc
      .getAccount(treasury, privateKeySigner(stranger.key))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RpcCallFailed)
    expect((error as RpcCallFailed).rpcCode).toBe(RpcErrorCode.notAuthorized)
    expect(await rpc.nonce(bobSigner)).toBe(1n)
  })

  it('an unreachable node is NodeUnreachable', async () => {
    const error = await new CustosRpc('http://127.0.0.1:9').status().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NodeUnreachable)
    expect((error as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9/)
  })
})
