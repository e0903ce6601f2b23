import { privateKeyToAccount } from 'viem/accounts'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { guardNetwork, LEDGER_LIVE_PATH, PATH, setup } from './harness'

guardNetwork()

/** Anvil/Hardhat's well-known first two accounts for the test mnemonic. */
const ACCOUNT_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

describe('GET ETH PUBLIC ADDRESS through hw-app-eth', () => {
  it("returns the mnemonic address at m/44'/60'/0'/0/0 without display", async () => {
    const { sim, eth } = setup()
    const result = await eth.getAddress(PATH)
    expect(result.address).toBe(ACCOUNT_0)
    expect(result.address).toBe(sim.addressAt(`m/${PATH}`))
    expect(result.address).toBe(
      privateKeyToAccount(`0x${bytesToHex(sim.privateKeyAt(PATH))}`).address,
    )
    expect(result.publicKey).toMatch(/^04[0-9a-f]{128}$/)
    expect(result.chainCode).toBeUndefined()
    expect(sim.reviews).toEqual([])
  })

  it('returns the Ledger Live style account and its chain code', async () => {
    const { sim, eth } = setup()
    const result = await eth.getAddress(LEDGER_LIVE_PATH, false, true)
    expect(result.address).toBe(sim.addressAt(LEDGER_LIVE_PATH))
    expect(result.address).not.toBe(ACCOUNT_0)
    expect(result.chainCode).toMatch(/^[0-9a-f]{64}$/)
  })

  it('displays the address for the user to check, with the chain id when it is not Ethereum', async () => {
    const { sim, eth } = setup()
    const result = await eth.getAddress(PATH, true, true, '7001')
    expect(result.address).toBe(ACCOUNT_0)
    expect(sim.reviews).toEqual([
      {
        kind: 'address',
        screens: [
          { title: 'Address', value: ACCOUNT_0 },
          { title: 'Chain ID', value: '7001' },
        ],
        decision: 'approve',
      },
    ])
  })

  it('answers the documented layout: 65, public key, 40, ASCII address, chain code', async () => {
    const { sim, eth } = setup()
    await eth.getAddress(PATH, false, true)
    const { command, response } = sim.apdus[0] ?? { command: [], response: [] }
    expect(bytesToHex(Uint8Array.from(command))).toBe(
      'e002000115058000002c8000003c800000000000000000000000',
    )
    expect(response.length).toBe(1 + 65 + 1 + 40 + 32 + 2)
    expect(response[0]).toBe(65)
    expect(response[66]).toBe(40)
    expect(new TextDecoder().decode(response.subarray(67, 107))).toBe(ACCOUNT_0.slice(2))
    expect(bytesToHex(response.subarray(-2))).toBe('9000')
  })
})
