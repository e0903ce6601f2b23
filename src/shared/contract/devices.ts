/**
 * Devices: the Ledgers (and, on the devnet only, the clearly labelled simulated devices) the
 * app can sign with, their addresses, and what a device would show for a request before it is
 * asked, so the UI can show the same screens beside the "confirm on your device" prompt.
 */
import { z } from 'zod'
import { address, deviceId, deviceScreen, noRequest } from './values'

const device = z.object({
  id: z.string(),
  /** "Simulated device 1" for a simulated one: people must always see that it is not a Ledger. */
  label: z.string(),
  model: z.string().optional(),
  simulated: z.boolean(),
})

export const devicesChannels = {
  'custos:devices-list': {
    request: noRequest,
    response: z.object({ devices: z.array(device) }),
  },
  'custos:device-addresses': {
    request: z.strictObject({
      deviceId,
      template: z.enum(['bip44', 'ledger-live']).optional(),
      from: z.number().int().min(0).max(1000).optional(),
      count: z.number().int().min(1).max(20).optional(),
    }),
    response: z.object({
      addresses: z.array(z.object({ index: z.number(), path: z.string(), address })),
    }),
  },
  'custos:device-preview': {
    request: z.strictObject({
      /** EIP-712 typed data as JSON (integers as decimal strings), as the device would get it. */
      typedData: z.strictObject({
        domain: z.record(z.string(), z.unknown()),
        types: z.record(
          z.string(),
          z.array(z.strictObject({ name: z.string(), type: z.string() })),
        ),
        primaryType: z.string().min(1),
        message: z.record(z.string(), z.unknown()),
      }),
      mode: z.enum(['full', 'hashed']).optional(),
      model: z.string().optional(),
    }),
    response: z.object({ screens: z.array(deviceScreen) }),
  },
} as const
