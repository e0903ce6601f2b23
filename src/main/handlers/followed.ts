/** The account a request names, if the app follows it; `NOT_FOUND` otherwise. */
import type { Address } from '../../node/protocol'
import type { FollowedAccount, Services } from '../services/types'
import { HandlerError } from './errors'

export function followedAccount(services: Services, address: Address): FollowedAccount {
  const account = services.accounts().find((a) => a.address === address.toLowerCase())
  if (!account)
    throw new HandlerError('NOT_FOUND', `The app does not follow account ${address}.`, {
      account: address,
    })
  return account
}
