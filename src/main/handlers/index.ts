/**
 * Every channel's handler, and the same handlers bound to one `Services` for a transport
 * (Electron IPC registers `bindHandlers(services)`; the web bridge calls them too).
 */
import type { IpcChannel, IpcParsedRequest, IpcResponse } from '../../shared/ipc'
import type { Services } from '../services/types'
import { accountDetails, accountHoldings, accountProposals, listAccounts } from './accounts'
import { appInfo } from './app'
import { deviceAddresses, devicePreview, listDevices } from './devices'
import { explainDraftTransfer, explainProposal } from './explain'
import { castGovVote, govProposal, listGovProposals, proposeGovText } from './governance'
import { networkStatus } from './network'
import {
  approveProposal,
  proposeDvpAffirmation,
  proposeTransfer,
  rejectProposal,
} from './proposals'
import {
  queryRecords,
  recordCounts,
  recordsExportStatus,
  startRecordsExport,
  verifyRecordsExport,
} from './records'
import type { Handler } from './types'

export { HandlerError, toIpcError } from './errors'
export type { Handler } from './types'

export const handlers: { readonly [C in IpcChannel]: Handler<C> } = {
  'custos:app-info': appInfo,
  'custos:network-status': networkStatus,
  'custos:devices-list': listDevices,
  'custos:device-addresses': deviceAddresses,
  'custos:device-preview': devicePreview,
  'custos:accounts-list': listAccounts,
  'custos:account-details': accountDetails,
  'custos:account-holdings': accountHoldings,
  'custos:account-proposals': accountProposals,
  'custos:explain-draft-transfer': explainDraftTransfer,
  'custos:explain-proposal': explainProposal,
  'custos:propose-transfer': proposeTransfer,
  'custos:propose-dvp-affirmation': proposeDvpAffirmation,
  'custos:approve-proposal': approveProposal,
  'custos:reject-proposal': rejectProposal,
  'custos:gov-list': listGovProposals,
  'custos:gov-show': govProposal,
  'custos:gov-propose-text': proposeGovText,
  'custos:gov-vote': castGovVote,
  'custos:records-query': queryRecords,
  'custos:records-counts': recordCounts,
  'custos:records-export-start': startRecordsExport,
  'custos:records-export-status': recordsExportStatus,
  'custos:records-verify': verifyRecordsExport,
}

/** One channel's handler for `services`, as a transport calls it. */
export type BoundHandler<C extends IpcChannel> = (
  request: IpcParsedRequest<C>,
) => Promise<IpcResponse<C>>

export type BoundHandlers = { readonly [C in IpcChannel]: BoundHandler<C> }

/** Every handler with `services` bound (the shape `registerIpcHandlers` takes). */
export function bindHandlers(services: Services): BoundHandlers {
  const bound: Partial<Record<IpcChannel, unknown>> = {}
  for (const channel of Object.keys(handlers) as IpcChannel[]) {
    const handler = handlers[channel] as Handler<IpcChannel>
    bound[channel] = (request: IpcParsedRequest<IpcChannel>) => handler(services, request)
  }
  return bound as BoundHandlers
}

/** Calls `channel`'s handler for `services` with an already-validated request. */
export function callHandler<C extends IpcChannel>(
  services: Services,
  channel: C,
  request: IpcParsedRequest<C>,
): Promise<IpcResponse<C>> {
  return (handlers[channel] as Handler<C>)(services, request)
}
