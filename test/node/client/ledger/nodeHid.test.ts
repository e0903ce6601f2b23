/**
 * The node-hid transport is an optional peer dependency: not installed here, so the real
 * dynamic import fails and the CLI says how to install it. With a transport class standing in
 * for the package, the connector lists and opens devices through it.
 */
import { describe, expect, it } from 'vitest'
import {
  loadNodeHid,
  NODE_HID_PACKAGE,
  NodeHidMissing,
  nodeHidConnector,
} from '../../../../src/node/client/ledger'
import { SimulatedLedger, TEST_MNEMONIC } from '../../../../src/shared/ledger/simulator'
import { LedgerSigner, TransportUnavailable } from '../../../../src/shared/signer'

describe('node-hid transport', () => {
  it('is missing here: a typed error tells how to install it', async () => {
    const error = await loadNodeHid().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NodeHidMissing)
    expect(error).toBeInstanceOf(TransportUnavailable)
    expect((error as NodeHidMissing).code).toBe('TRANSPORT_UNAVAILABLE')
    expect((error as Error).message).toBe(
      'Signing with a Ledger from the CLI needs @ledgerhq/hw-transport-node-hid: run npm install @ledgerhq/hw-transport-node-hid',
    )
    const signer = new LedgerSigner({ connector: nodeHidConnector() })
    await expect(signer.listDevices()).rejects.toBeInstanceOf(NodeHidMissing)
  })

  it('an installed package that cannot load is a different error', async () => {
    const broken = await loadNodeHid(async () => {
      throw new Error('node-hid.node: invalid ELF header')
    }).catch((e: unknown) => e)
    expect(broken).toBeInstanceOf(TransportUnavailable)
    expect(broken).not.toBeInstanceOf(NodeHidMissing)
    expect((broken as Error).message).toMatch(
      /is installed but could not load \(.*invalid ELF header\)/,
    )
    const odd = await loadNodeHid(async () => ({ default: 42 })).catch((e: unknown) => e)
    expect((odd as Error).message).toMatch(/does not export a transport class/)
  })

  it('lists and opens devices through the package when it is there', async () => {
    const device = new SimulatedLedger({ mnemonic: TEST_MNEMONIC })
    const importer = async (specifier: string) => {
      expect(specifier).toBe(NODE_HID_PACKAGE)
      return {
        default: {
          list: async () => ['/dev/hidraw3'],
          open: async (path: string) => {
            expect(path).toBe('/dev/hidraw3')
            return device.transport()
          },
        },
      }
    }
    const signer = new LedgerSigner({ connector: nodeHidConnector(importer) })
    expect(await signer.listDevices()).toEqual([
      { id: '/dev/hidraw3', label: 'Ledger (USB)', simulated: false },
    ])
    const [first] = await signer.getAddresses('bip44', 0, 1)
    expect(first?.address).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
  })
})
