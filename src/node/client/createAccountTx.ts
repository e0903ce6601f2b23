import { accountAddress } from '../protocol/accounts'
import type { Address, MembersAndPolicy } from '../protocol/messages'
import { buildTx, type TxContext, type UnsignedTxRequest } from './unsignedTx'

export interface CreateAccountParameters {
  /** A name for people, e.g. "Treasury ops". */
  name: string
  /** Members, groups, policy and admin rule in their signed form (`policyFromJson` makes one). */
  membersAndPolicy: MembersAndPolicy
}

export interface CreateAccountTx extends UnsignedTxRequest<'CreateAccount'> {
  /** Where the account will live: `accountAddress(from, nonce)`. */
  account: Address
}

/**
 * A `CreateAccount` transaction. The account's address is derived from the signer and nonce,
 * so it is known before the transaction is even signed.
 *
 * @example
 * const { membersAndPolicy } = policyFromJson(JSON.parse(text))
 * const tx = createAccountTx(ctx, { name: 'Treasury ops', membersAndPolicy })
 * tx.account // 0x… — the new account, once tx.id is committed
 */
export function createAccountTx(ctx: TxContext, params: CreateAccountParameters): CreateAccountTx {
  const request = buildTx(ctx, 'CreateAccount', {
    name: params.name,
    ...params.membersAndPolicy,
  })
  return { ...request, account: accountAddress(request.message.from, request.message.nonce) }
}
