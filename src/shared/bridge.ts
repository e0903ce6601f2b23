import type { IpcChannel, IpcRequest, IpcResponse } from './ipc'

/**
 * The shape of `window.custos`, which the preload script (or, in a browser, the
 * web bridge's client) exposes to the renderer: one named function per channel of
 * the IPC contract in `./ipc`.
 *
 * This file holds no zod schemas, so the sandboxed preload, which must be a
 * single self-contained script, does not carry the validation code that only
 * main needs.
 */
export const CUSTOS_BRIDGE_VERSION = 2

/** The bridge's function names and the channel each calls. */
export const bridgeChannels = {
  appInfo: 'custos:app-info',
  networkStatus: 'custos:network-status',
  listDevices: 'custos:devices-list',
  deviceAddresses: 'custos:device-addresses',
  devicePreview: 'custos:device-preview',
  listAccounts: 'custos:accounts-list',
  accountDetails: 'custos:account-details',
  accountHoldings: 'custos:account-holdings',
  accountProposals: 'custos:account-proposals',
  explainDraftTransfer: 'custos:explain-draft-transfer',
  explainProposal: 'custos:explain-proposal',
  proposeTransfer: 'custos:propose-transfer',
  proposeDvpAffirmation: 'custos:propose-dvp-affirmation',
  approveProposal: 'custos:approve-proposal',
  rejectProposal: 'custos:reject-proposal',
  listGovProposals: 'custos:gov-list',
  govProposal: 'custos:gov-show',
  proposeGovText: 'custos:gov-propose-text',
  castGovVote: 'custos:gov-vote',
  queryRecords: 'custos:records-query',
  recordCounts: 'custos:records-counts',
  startRecordsExport: 'custos:records-export-start',
  recordsExportStatus: 'custos:records-export-status',
  verifyRecordsExport: 'custos:records-verify',
} as const satisfies Record<string, IpcChannel>

export type BridgeFunctionName = keyof typeof bridgeChannels

/** Channels whose request has no required field can be called without an argument. */
type BridgeFunction<C extends IpcChannel> =
  Record<string, never> extends IpcRequest<C>
    ? (request?: IpcRequest<C>) => Promise<IpcResponse<C>>
    : (request: IpcRequest<C>) => Promise<IpcResponse<C>>

export type CustosBridge = {
  /** Version of this bridge's shape; bumped when a function changes. */
  readonly version: typeof CUSTOS_BRIDGE_VERSION
} & { readonly [F in BridgeFunctionName]: BridgeFunction<(typeof bridgeChannels)[F]> }

/** Sends one request on a channel; Electron's `ipcRenderer.invoke` or the web bridge's socket. */
export type BridgeInvoke = <C extends IpcChannel>(
  channel: C,
  request: IpcRequest<C>,
) => Promise<IpcResponse<C>>

/**
 * The bridge over a transport: every named function sends its channel's request (an empty
 * object when called without one).
 *
 * @example
 * const bridge = createBridge((channel, request) => ipcRenderer.invoke(channel, request))
 * contextBridge.exposeInMainWorld('custos', bridge)
 */
export function createBridge(invoke: BridgeInvoke): CustosBridge {
  const functions: Record<string, (request?: unknown) => Promise<unknown>> = {}
  for (const [name, channel] of Object.entries(bridgeChannels)) {
    functions[name] = (request?: unknown) =>
      invoke(channel, (request ?? {}) as IpcRequest<typeof channel>)
  }
  return { version: CUSTOS_BRIDGE_VERSION, ...functions } as CustosBridge
}
