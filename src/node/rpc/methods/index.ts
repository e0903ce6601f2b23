/** Every HTTP and WebSocket method (subscriptions are added per WebSocket connection). */
import type { RpcMethod } from '../method'
import { getBalances } from './getBalances'
import { getBlock } from './getBlock'
import { getCommit } from './getCommit'
import { getHeader } from './getHeader'
import { getHeaders } from './getHeaders'
import { getInstruction } from './getInstruction'
import { getNonce } from './getNonce'
import { getParticipant } from './getParticipant'
import { getParticipantClaims } from './getParticipantClaims'
import { getState } from './getState'
import { getToken } from './getToken'
import { getTx } from './getTx'
import { getValidators } from './getValidators'
import { status } from './status'
import { submitTx } from './submitTx'

export const methods: ReadonlyMap<string, RpcMethod> = new Map(
  [
    status,
    getHeader,
    getHeaders,
    getCommit,
    getBlock,
    submitTx,
    getTx,
    getToken,
    getValidators,
    getParticipant,
    getState,
    getBalances,
    getNonce,
    getInstruction,
    getParticipantClaims,
  ].map((m) => [m.name, m]),
)
