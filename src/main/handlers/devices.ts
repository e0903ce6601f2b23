/**
 * Devices: the connected ones (simulated devices only exist on the embedded devnet, where the
 * connector is made of them), addresses read from a device without showing them, and what a
 * device will show for a typed-data request.
 */
import { devicePreview as previewScreens } from '../../shared/signer'
import type { Handler } from './types'
import { typedDataFromJson } from './typedDataJson'

export const listDevices: Handler<'custos:devices-list'> = async (services) => ({
  devices: (await services.ledger.listDevices()).map((d) => ({
    id: d.id,
    label: d.label,
    simulated: d.simulated,
    ...(d.model === undefined ? {} : { model: d.model }),
  })),
})

export const deviceAddresses: Handler<'custos:device-addresses'> = async (services, request) => ({
  addresses: await services.ledger.getAddresses(
    request.template ?? 'bip44',
    request.from ?? 0,
    request.count ?? 5,
    { deviceId: request.deviceId },
  ),
})

export const devicePreview: Handler<'custos:device-preview'> = async (_services, request) => ({
  screens: previewScreens(
    typedDataFromJson(request.typedData),
    request.mode ?? 'full',
    request.model === undefined ? {} : { model: request.model },
  ),
})
