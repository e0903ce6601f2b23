/**
 * Real Ledger devices from Node (the CLI) over USB HID, through
 * `@ledgerhq/hw-transport-node-hid`. That package builds a native module, so it is an
 * optional peer dependency: it is loaded only when someone asks for a device, and its absence
 * is a `NodeHidMissing` error that says how to install it.
 */
import type Transport from '@ledgerhq/hw-transport'
import {
  DeviceError,
  TransportUnavailable,
  type DeviceConnector,
  type DeviceInfo,
} from '../../../shared/signer'

export const NODE_HID_PACKAGE = '@ledgerhq/hw-transport-node-hid'

/** The optional transport package is not installed. */
export class NodeHidMissing extends TransportUnavailable {
  constructor(cause?: unknown) {
    super(
      `Signing with a Ledger from the CLI needs ${NODE_HID_PACKAGE}: run npm install ${NODE_HID_PACKAGE}`,
      { details: { package: NODE_HID_PACKAGE }, cause },
    )
  }
}

/** The part of `TransportNodeHid` (a `Transport` subclass) this connector uses. */
export interface NodeHidTransportClass {
  list(): Promise<string[]>
  open(path: string | null | undefined): Promise<Transport>
}

/** How a module is imported (tests replace it; the default is a real dynamic import). */
export type ModuleImporter = (specifier: string) => Promise<unknown>

const dynamicImport: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier)

/**
 * Loads the node-hid transport class. Throws `NodeHidMissing` when the package is not
 * installed, `TransportUnavailable` when it is but cannot load (e.g. its native module).
 */
export async function loadNodeHid(
  importer: ModuleImporter = dynamicImport,
): Promise<NodeHidTransportClass> {
  let loaded: unknown
  try {
    loaded = await importer(NODE_HID_PACKAGE)
  } catch (error) {
    if (isModuleNotFound(error, NODE_HID_PACKAGE)) throw new NodeHidMissing(error)
    throw new TransportUnavailable(
      `${NODE_HID_PACKAGE} is installed but could not load (${error instanceof Error ? error.message : String(error)}); reinstall it with npm install ${NODE_HID_PACKAGE}`,
      { cause: error },
    )
  }
  const candidate = (loaded as { default?: unknown }).default ?? loaded
  const inner = (candidate as { default?: unknown }).default ?? candidate
  if (!isTransportClass(inner))
    throw new TransportUnavailable(
      `${NODE_HID_PACKAGE} does not export a transport class; install a 6.x version with npm install ${NODE_HID_PACKAGE}@6`,
    )
  return inner
}

function isTransportClass(value: unknown): value is NodeHidTransportClass {
  const c = value as { list?: unknown; open?: unknown } | null
  return typeof c?.list === 'function' && typeof c.open === 'function'
}

/** Node (ERR_MODULE_NOT_FOUND), CommonJS (MODULE_NOT_FOUND) and Vite ("Could not resolve"). */
function isModuleNotFound(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  if (!message.includes(specifier)) return false
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)|Could not resolve|Failed to resolve/.test(message)
  )
}

/** Devices by their HID path, opened through node-hid (loaded on first use). */
export function nodeHidConnector(importer: ModuleImporter = dynamicImport): DeviceConnector {
  let transportClass: Promise<NodeHidTransportClass> | undefined
  const load = (): Promise<NodeHidTransportClass> => {
    transportClass ??= loadNodeHid(importer)
    transportClass.catch(() => (transportClass = undefined))
    return transportClass
  }
  return {
    async list(): Promise<DeviceInfo[]> {
      const paths = await (await load()).list()
      return paths.map((path, i) => ({
        id: path,
        label: paths.length === 1 ? 'Ledger (USB)' : `Ledger (USB) #${i + 1}`,
        simulated: false,
      }))
    },
    async open(deviceId: string): Promise<Transport> {
      const hid = await load()
      if (!(await hid.list()).includes(deviceId))
        throw new DeviceError('disconnected', { details: { deviceId } })
      return hid.open(deviceId)
    },
  }
}
