/** Every HTTP and WebSocket method (subscriptions are added per WebSocket connection). */
import type { RpcMethod } from '../method'
import { checkTx } from './checkTx'
import { explain } from './explain'
import { getAccount } from './getAccount'
import { getBalances } from './getBalances'
import { getBlock } from './getBlock'
import { getCommit } from './getCommit'
import { getGovProposal } from './getGovProposal'
import { getHeader } from './getHeader'
import { getHeaders } from './getHeaders'
import { getInstruction } from './getInstruction'
import { getLightBlock } from './getLightBlock'
import { getNonce } from './getNonce'
import { getParticipant } from './getParticipant'
import { getParticipantClaims } from './getParticipantClaims'
import { getProposal } from './getProposal'
import { getState } from './getState'
import { getToken } from './getToken'
import { getTx } from './getTx'
import { getUpgradePlan } from './getUpgradePlan'
import { getValidators } from './getValidators'
import { getValidatorSet } from './getValidatorSet'
import { listGovProposals } from './listGovProposals'
import { listProposals } from './listProposals'
import { status } from './status'
import { submitEvidence } from './submitEvidence'
import { submitTx } from './submitTx'

export const methods: ReadonlyMap<string, RpcMethod> = new Map(
  [
    status,
    getHeader,
    getHeaders,
    getCommit,
    getBlock,
    submitTx,
    checkTx,
    getTx,
    getToken,
    getValidators,
    getParticipant,
    getState,
    getBalances,
    getNonce,
    getInstruction,
    getParticipantClaims,
    getAccount,
    listProposals,
    getProposal,
    explain,
    listGovProposals,
    getGovProposal,
    getUpgradePlan,
    getLightBlock,
    getValidatorSet,
    submitEvidence,
  ].map((m) => [m.name, m]),
)
