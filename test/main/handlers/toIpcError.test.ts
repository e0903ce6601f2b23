/** What each kind of failure becomes when it crosses the bridge: a code and words, no stack. */
import { describe, expect, it } from 'vitest'
import { HandlerError, toIpcError } from '../../../src/main/handlers'
import { ServiceError } from '../../../src/main/services/errors'
import { NodeUnreachable, RpcCallFailed, TxRefused } from '../../../src/node/client'
import { InvalidValue } from '../../../src/node/protocol/errors'
import { ipcContract } from '../../../src/shared/ipc'
import { DeviceError } from '../../../src/shared/signer'

describe('toIpcError', () => {
  it('names the field a request got wrong', () => {
    const parsed = ipcContract['custos:propose-transfer'].request.safeParse({
      account: '0x12',
      symbol: 'EURD',
      to: `0x${'a'.repeat(40)}`,
      amount: '0',
      signer: { deviceId: 'simulated-0', path: "m/44'/60'/0'/0/0" },
    })
    expect(parsed.success).toBe(false)
    const error = toIpcError(parsed.error)
    expect(error.code).toBe('INVALID_REQUEST')
    expect(error.message).toContain('account: must be a 0x-prefixed 20-byte hex address')
    expect(error.message).toContain('amount: must be more than 0')
  })

  it('maps the network, the chain, the device and the services to their codes', () => {
    expect(toIpcError(new NodeUnreachable('http://127.0.0.1:1/', 'refused')).code).toBe('NETWORK')
    expect(toIpcError(new RpcCallFailed('custos_getProposal', -32004, 'none')).code).toBe(
      'NOT_FOUND',
    )
    const refused = toIpcError(new TxRefused(`0x${'0'.repeat(64)}`, 'POLICY_DENIED', 'blocked'))
    expect(refused).toMatchObject({ code: 'NETWORK', details: { reason: 'TX_REFUSED' } })
    expect(toIpcError(new DeviceError('locked')).code).toBe('DEVICE')
    expect(toIpcError(new InvalidValue('amount', 'must be more than 0')).code).toBe(
      'INVALID_REQUEST',
    )
    expect(toIpcError(new ServiceError('NOT_READY', 'still starting')).code).toBe('NOT_READY')
    expect(toIpcError(new HandlerError('NOT_FOUND', 'no such account')).message).toBe(
      'no such account',
    )
  })

  it('never carries a stack', () => {
    const error = toIpcError(new Error('boom'))
    expect(error).toEqual({ code: 'INTERNAL', message: 'boom' })
  })
})
