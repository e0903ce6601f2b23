/**
 * Checks `params.auth` of a private request (protocol `rpcAuth.ts`; docs/rpc.md,
 * "Authentication") and returns the address it proves. Replaying a signed read within its
 * window is accepted: it only returns what the signer may read anyway.
 */
import { nativeRecoverAddress } from '../chain/nativeRecover'
import { CustosError } from '../protocol/errors'
import type { Address } from '../protocol/messages'
import { recoverRpcRequestSigner, rpcAuthWindowSeconds } from '../protocol/rpcAuth'
import { authenticationFailed, RpcError, RpcErrorCode } from './errors'
import type { RpcCall } from './method'
import { authSchema, parseParams } from './params'

export function authenticate(call: RpcCall): Address {
  const { raw, method, ctx } = call
  if (raw['auth'] === undefined)
    throw new RpcError(
      RpcErrorCode.authenticationRequired,
      `authentication required: ${method} reads private data; sign the request and send ` +
        'params.auth = { signer, issuedAt, signature } (docs/rpc.md, "Authentication")',
    )
  const auth = parseParams(authSchema, raw['auth'], 'auth')
  const now = BigInt(Math.floor(ctx.now() / 1000))
  const skew = auth.issuedAt > now ? auth.issuedAt - now : now - auth.issuedAt
  if (skew > rpcAuthWindowSeconds)
    throw authenticationFailed(
      `auth.issuedAt ${auth.issuedAt} is ${skew} s ${auth.issuedAt < now ? 'before' : 'after'} ` +
        `the server time ${now}; a signed request is valid for ${rpcAuthWindowSeconds} s either ` +
        'side of it. Sign the request again with the current time',
    )
  let recovered: Address
  try {
    recovered = recoverRpcRequestSigner({
      domain: ctx.backend.chain.domain,
      method,
      params: raw,
      issuedAt: auth.issuedAt,
      signature: auth.signature,
      recover: nativeRecoverAddress,
    })
  } catch (error) {
    if (error instanceof CustosError) throw authenticationFailed(error.message)
    throw error
  }
  if (recovered !== auth.signer)
    throw authenticationFailed(
      `the signature recovers ${recovered}, not auth.signer ${auth.signer}: sign ` +
        `RpcRequest(method "${method}", the hash of these exact params, auth.issuedAt) in the ` +
        `domain of chain ${ctx.backend.chain.domain.chainId}`,
    )
  return auth.signer
}
