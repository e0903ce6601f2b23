/**
 * The embedded default end to end: `startServices` with no settings boots four validator
 * processes in a temp folder, sets up the demo institution (a 2-of-3 treasury of the three
 * simulated devices, with claims and funds), and the handlers answer from it: holdings,
 * rules in words, an explanation of a draft, a proposal signed on a simulated device, the
 * light client's records. Then everything stops.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callHandler } from '../../../src/main/handlers'
import { buildTx, privateKeySigner, sendTx } from '../../../src/node/client'
import { demoAccounts } from '../../../src/node/cli/devnetGenesis'
import { fromHex } from '../../../src/node/protocol'
import { TREASURY_FUNDS } from '../../../src/main/services/demoSetup'
import { MEMBER_PATH, VALIDATOR_PATH } from '../../../src/main/services/devnetDevices'
import { fileKeyStore } from '../../../src/main/services/keyStore'
import { startServices } from '../../../src/main/services/startServices'
import type { Services } from '../../../src/main/services/types'
import type { IpcChannel, IpcRequest, IpcResponse } from '../../../src/shared/ipc'
import { ipcContract } from '../../../src/shared/ipc'

let dataDir: string
let services: Services
let treasury: `0x${string}`

/** Calls a channel the way a transport does: validate, then handle. */
function call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const parsed = ipcContract[channel].request.parse(request)
  return callHandler(services, channel, parsed as never) as Promise<IpcResponse<C>>
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'custos-services-'))
  services = await startServices({ dataDir, keyStore: fileKeyStore(join(dataDir, 'records.key')) })
  await services.ready
  const followed = await call('custos:accounts-list', {})
  const [account] = followed.accounts
  if (!account) throw new Error('the demo treasury was not set up')
  expect(followed.counterparties.map((c) => c.name)).toEqual(['Demo Dave'])
  treasury = account.address
}, 90_000)

afterAll(async () => {
  await services?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}, 30_000)

describe('the embedded devnet', () => {
  it('runs four validators, followed by the light client', async () => {
    const status = await call('custos:network-status', { latestBlocks: 3 })
    expect(status.mode).toBe('embedded-devnet')
    expect(status.chainId).toBe('7001')
    expect(status.validators).toHaveLength(4)
    expect(status.validators.map((v) => v.name).sort()).toEqual([
      'validator-1',
      'validator-2',
      'validator-3',
      'validator-4',
    ])
    expect(status.latestBlocks.length).toBeGreaterThan(0)
    expect(BigInt(status.sync.verifiedHeight)).toBeGreaterThan(0n)
    // the records key is a file only the owner can read
    expect(statSync(join(dataDir, 'records.key')).mode & 0o777).toBe(0o600)
  })

  it('offers the three simulated devices, clearly labelled', async () => {
    const { devices } = await call('custos:devices-list', {})
    expect(devices.map((d) => d.label)).toEqual([
      'Simulated device 1',
      'Simulated device 2',
      'Simulated device 3',
    ])
    expect(devices.every((d) => d.simulated)).toBe(true)
  })

  it('has a funded 2-of-3 treasury of the devices, with its rules in words', async () => {
    const details = await call('custos:account-details', { account: treasury })
    expect(details.members).toHaveLength(3)
    expect(details.rules.join('\n')).toMatch(/2/)
    const { holdings } = await call('custos:account-holdings', { account: treasury })
    for (const { symbol, amount } of TREASURY_FUNDS)
      expect(holdings.find((h) => h.symbol === symbol)?.amount).toBe(amount.toString())
    expect(holdings.find((h) => h.symbol === 'EURD')?.decimals).toBe(2)
  })

  it('explains a draft transfer, then a proposal signed and approved on simulated devices', async () => {
    const dave = demoAccounts().find((a) => a.name === 'dave')?.address as `0x${string}`
    const draft = await call('custos:explain-draft-transfer', {
      account: treasury,
      symbol: 'EURD',
      to: dave,
      amount: '1000',
    })
    expect(draft.summary).not.toBe('')
    expect(draft.lines.length).toBeGreaterThan(1)

    const sent = await call('custos:propose-transfer', {
      account: treasury,
      symbol: 'EURD',
      to: dave,
      amount: '1000',
      signer: { deviceId: 'simulated-1', path: MEMBER_PATH },
    })
    const { proposals } = await call('custos:account-proposals', { account: treasury })
    expect(proposals.map((p) => p.id)).toContain(sent.id)
    const explained = await call('custos:explain-proposal', {
      account: treasury,
      proposalId: sent.id,
    })
    expect(explained.lines.join('\n')).toContain('approved by')

    // proposing is not approving: the initiator and a second member approve (2 of 3)
    for (const deviceId of ['simulated-1', 'simulated-2'])
      await call('custos:approve-proposal', {
        account: treasury,
        proposalId: sent.id,
        signer: { deviceId, path: MEMBER_PATH },
      })
    const after = await call('custos:account-proposals', { account: treasury })
    const decided = after.proposals.find((p) => p.id === sent.id)
    expect(decided?.approvals).toHaveLength(2)
    expect(['approved', 'executed']).toContain(decided?.status)
  })

  it('settles a DvP with demo Dave once two members approved the affirmation', async () => {
    const dave = demoAccounts().find((a) => a.name === 'dave')
    if (!dave) throw new Error('no demo dave')
    const holding = async (symbol: string): Promise<bigint> =>
      BigInt(
        (await call('custos:account-holdings', { account: treasury })).holdings.find(
          (h) => h.symbol === symbol,
        )?.amount ?? '0',
      )
    const [eurBefore, acmeBefore] = [await holding('EURD'), await holding('ACME')]
    // the counterparty creates the instruction (and so affirms its own leg)
    const created = await sendTx({
      rpc: services.rpc,
      signer: privateKeySigner(fromHex(dave.privateKey)),
      build: (ctx) =>
        buildTx(ctx, 'CreateInstruction', {
          reference: 'Demo trade 1',
          legs: [
            { symbol: 'ACME', from: dave.address, to: treasury, amount: 10n },
            { symbol: 'EURD', from: treasury, to: dave.address, amount: 25_000n },
          ],
          settleBy: BigInt(Math.floor(Date.now() / 1000) + 3600),
        }),
    })
    const proposed = await call('custos:propose-dvp-affirmation', {
      account: treasury,
      instructionId: created.id,
      symbol: 'EURD',
      to: dave.address,
      amount: '25000',
      signer: { deviceId: 'simulated-0', path: MEMBER_PATH },
    })
    for (const deviceId of ['simulated-0', 'simulated-2'])
      await call('custos:approve-proposal', {
        account: treasury,
        proposalId: proposed.id,
        signer: { deviceId, path: MEMBER_PATH },
      })
    expect(await holding('EURD')).toBe(eurBefore - 25_000n)
    expect(await holding('ACME')).toBe(acmeBefore + 10n)
  })

  it('lets validator-1 propose and vote in governance with its key on simulated device 1', async () => {
    const validator = { deviceId: 'simulated-0', path: VALIDATOR_PATH }
    const proposed = await call('custos:gov-propose-text', {
      title: 'Adopt the demo settlement calendar',
      signer: validator,
    })
    const vote = await call('custos:gov-vote', {
      proposalId: proposed.id,
      option: 'yes',
      signer: validator,
    })
    const shown = await call('custos:gov-show', { id: proposed.id })
    expect(shown.status).toBe('voting')
    expect(shown.votes).toEqual([{ voter: vote.signer, option: 'yes' }])
    expect(shown.tally.yes).toBe('10')
    const { proposals } = await call('custos:gov-list', {})
    expect(proposals.map((p) => p.id)).toContain(proposed.id)
  })

  it('keeps the verified headers in the encrypted records', async () => {
    const { counts } = await call('custos:records-counts', { types: ['block'] })
    expect(counts.block).toBeGreaterThan(0)
    const page = await call('custos:records-query', { types: ['block'], limit: 2 })
    expect(page.records).toHaveLength(2)
    expect(page.records[0]?.title).toMatch(/^Block \d+/)
  })

  it('exports the records for an auditor with progress, and verifies the bundle', async () => {
    const { exportId } = await call('custos:records-export-start', { types: ['block'], pdf: false })
    let status = await call('custos:records-export-status', { exportId })
    for (let i = 0; status.state === 'running' && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = await call('custos:records-export-status', { exportId })
    }
    expect(status.error).toBeUndefined()
    expect(status.state).toBe('done')
    expect(status.result?.bundleHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(status.result?.trustedRoot).toMatch(/^0:0x/)
    const report = await call('custos:records-verify', { exportId })
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checked).toBeGreaterThan(0)
  })
})
