import { recoverMessageAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { guardNetwork, PATH, setup, signatureHex } from './harness'

guardNetwork()

describe('SIGN ETH PERSONAL MESSAGE through hw-app-eth', () => {
  it('signs EIP-191 so that the signature recovers the device address, v = 27/28', async () => {
    const { sim, eth } = setup()
    const text = 'Log in to Custos\nnonce: 42'
    const sig = await eth.signPersonalMessage(PATH, bytesToHex(utf8ToBytes(text)))
    expect([27, 28]).toContain(sig.v)
    const signature = signatureHex(sig)
    expect(await recoverMessageAddress({ message: text, signature })).toBe(sim.addressAt(PATH))
    const account = privateKeyToAccount(`0x${bytesToHex(sim.privateKeyAt(PATH))}`)
    expect(signature).toBe(await account.signMessage({ message: text }))
    // A Nano shows white space as spaces.
    expect(sim.reviews).toEqual([
      {
        kind: 'personal-message',
        screens: [{ title: 'Message', value: 'Log in to Custos nonce: 42' }],
        decision: 'approve',
      },
    ])
  })

  it('streams a message longer than one APDU in chunks and shows binary data as hex', async () => {
    const { sim, eth } = setup({ model: 'stax' })
    const message = Uint8Array.from({ length: 700 }, (_, i) => i % 256)
    const sig = await eth.signPersonalMessage(PATH, bytesToHex(message))
    const chunks = sim.apdus.filter((a) => a.command[1] === 0x08)
    expect(chunks.length).toBeGreaterThan(4)
    expect(chunks.slice(1).every((a) => a.command[2] === 0x80)).toBe(true)
    // Every chunk but the last answers 0x9000 with no data; the last answers v r s.
    expect(chunks.slice(0, -1).every((a) => bytesToHex(a.response) === '9000')).toBe(true)
    expect(
      await recoverMessageAddress({ message: { raw: message }, signature: signatureHex(sig) }),
    ).toBe(sim.addressAt(PATH))
    expect(sim.reviews[0]?.screens[0]?.value).toBe(`0x${bytesToHex(message)}`)
  })

  it('signs a long text (> 255 bytes) identically to viem', async () => {
    const { sim, eth } = setup()
    const text = 'Custos settlement instruction DVP-2025-0001 '.repeat(12)
    const sig = await eth.signPersonalMessage(PATH, bytesToHex(utf8ToBytes(text)))
    const account = privateKeyToAccount(`0x${bytesToHex(sim.privateKeyAt(PATH))}`)
    expect(signatureHex(sig)).toBe(await account.signMessage({ message: text }))
  })
})
