import { accountAddress } from '../../protocol/accounts'
import { AlreadyExists, InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { checkDisplayText, getParticipant } from '../identity/participants'
import type { Participant } from '../identity/types'
import { keys } from '../keys'
import { accountRecord, checkMembersCanSign, membersAndPolicyOf } from './members'
import { policyFromWire } from './policy'
import { findAccount, putAccount } from './records'

/**
 * A registered participant creates a multi-approver account at
 * `accountAddress(creator, nonce)`. Its members and policy are checked before anything is
 * stored. The account is also registered as a participant under its name (no roles, no
 * claims), so a claim issuer can issue it KYC claims and it can hold tokens whose compliance
 * rules require them.
 */
export function createAccount(p: HandlerParameters<TxMessages['CreateAccount']>): void {
  const { view, signer, message } = p
  const creator = getParticipant(view, signer)
  if (!creator || creator.name === '')
    throw new Unauthorized(
      `${signer} is not a registered participant; register with RegisterParticipant before creating an account`,
    )
  const name = message.name.trim()
  if (name === '') throw new InvalidValue('CreateAccount.name', 'must not be empty')
  checkDisplayText('CreateAccount.name', name)
  const address = accountAddress(signer, message.nonce)
  if (findAccount(view, address)) throw new AlreadyExists('account', address)
  if (getParticipant(view, address)) throw new AlreadyExists('participant', address)
  const account = policyFromWire(membersAndPolicyOf(message), name, address, 'CreateAccount.')
  checkMembersCanSign(view, account, 'CreateAccount.')
  putAccount(
    view,
    accountRecord({
      account,
      creator: signer,
      createdAt: p.ctx.height,
      policyVersion: 1n,
      executed: [],
    }),
  )
  const participant: Participant = { address, name, roles: [], claims: {} }
  view.set(keys.participant(address), participant)
}
