/**
 * An approval signed on a device that disconnects mid-signature, against a real one-validator
 * node in this process: the signer waits for the device, re-runs the same request and gets
 * the same signature; the flow submits it once, a double click and a retried flow do not
 * submit another, and the chain holds exactly one approval from that member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approveProposalTx,
  createAccountTx,
  CustosRpc,
  policyFromJson,
  privateKeySigner,
  proposalToApprove,
  proposeActionTx,
  sendTx,
  transferAction,
  TxRefused,
  type TypedDataSigner,
} from '../../../../src/node/client'
import {
  approvalIntent,
  deviceTypedDataSigner,
  OnceSender,
} from '../../../../src/node/client/ledger'
import { fromHex, type Address, type Hex } from '../../../../src/node/protocol'
import type { SimulatedLedger } from '../../../../src/shared/ledger/simulator'
import {
  LedgerSigner,
  simulatedConnector,
  simulatedDevice,
  type DeviceConnector,
} from '../../../../src/shared/signer'
import { startSingleNode, type SingleNode } from '../singleNode'

let net: SingleNode
let rpc: CustosRpc
let sim: SimulatedLedger
let device: TypedDataSigner
let account: Address
let proposalId: Hex
const approvalReviews: number[] = []

const keyOf = (name: string): TypedDataSigner => {
  const person = net.people.get(name)
  if (!person) throw new Error(`no demo person ${name}`)
  return privateKeySigner(fromHex(person.privateKey))
}

/** Plugs the simulated device back in shortly after the signer starts waiting for it. */
const replugging = (inner: DeviceConnector): DeviceConnector => ({
  ...inner,
  async waitForDevice(id, signal) {
    setTimeout(() => sim.reconnect(), 50)
    await inner.waitForDevice?.(id, signal)
  },
})

beforeAll(async () => {
  net = await startSingleNode()
  rpc = new CustosRpc(net.url)
  sim = simulatedDevice('0')
  const ledger = new LedgerSigner({ connector: replugging(simulatedConnector([sim])) })
  device = await deviceTypedDataSigner({
    signer: ledger,
    path: "m/44'/60'/0'/0/0",
    onReview: (review, typedData) => {
      if (typedData.primaryType !== 'ApproveProposal') return
      approvalReviews.push(review.attempt)
      // the cable comes loose while the approval's fields are being sent
      if (review.attempt === 0) sim.user.disconnectAfterApdus = 6
    },
  })
  const alice = keyOf('alice')
  const bob = keyOf('bob')
  const members = [alice.address, bob.address, device.address]
  const { membersAndPolicy } = policyFromJson({
    members,
    groups: { Treasury: members },
    policy: [
      {
        name: 'Three of three',
        match: { kinds: ['transfer'] },
        outcome: { require: { group: 'Treasury', threshold: 3 } },
      },
    ],
  })
  const created = await sendTx({
    rpc,
    signer: alice,
    build: (ctx) => createAccountTx(ctx, { name: 'Device treasury', membersAndPolicy }),
  })
  account = created.request.account
  const proposed = await sendTx({
    rpc,
    signer: alice,
    build: (ctx) =>
      proposeActionTx(
        ctx,
        account,
        transferAction({ symbol: 'EURD', to: bob.address, amount: 100n }),
      ),
  })
  proposalId = proposed.id
}, 90_000)

afterAll(async () => {
  await net.stop()
})

describe('an approval signed on a device that disconnects', () => {
  it('is submitted once, with the same signature, and recorded once', async () => {
    const proposal = proposalToApprove(await rpc.getProposal(account, proposalId, device))
    const once = new OnceSender()
    const intent = approvalIntent(account, proposalId, device.address)
    const approve = () =>
      once.send(intent, { rpc, signer: device, build: (ctx) => approveProposalTx(ctx, proposal) })

    // a double click: two flows for one intent
    const [first, second] = await Promise.all([approve(), approve()])
    expect(second.id).toBe(first.id)
    expect(second.tx.signature).toBe(first.tx.signature)
    expect(first.committed?.status).toBe('committed')
    // the device was asked twice for the same approval: before and after the disconnect
    expect(approvalReviews).toEqual([0, 1])
    const approvals = sim.reviews.filter((r) =>
      r.screens.some((s) => s.title === 'proposalId' && s.value === proposalId),
    )
    expect(approvals).toHaveLength(1)
    expect(approvals[0]?.decision).toBe('approve')

    // the flow retried later: no new signature, no new submission
    const retried = await approve()
    expect(retried.id).toBe(first.id)
    expect(once.ids).toEqual([first.id])

    const onChain = await rpc.getProposal(account, proposalId, device)
    expect(onChain.approvals.filter((a) => a === device.address)).toHaveLength(1)
    expect(onChain.status).toBe('pending')
  }, 60_000)

  it('a second flow elsewhere (a new sender) is refused by the chain; still one approval', async () => {
    const proposal = proposalToApprove(await rpc.getProposal(account, proposalId, device))
    const error = await new OnceSender()
      .send('elsewhere', { rpc, signer: device, build: (ctx) => approveProposalTx(ctx, proposal) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TxRefused)
    expect((error as Error).message).toContain('has already approved it')
    const onChain = await rpc.getProposal(account, proposalId, device)
    expect(onChain.approvals.filter((a) => a === device.address)).toHaveLength(1)
  }, 60_000)
})
