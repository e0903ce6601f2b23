/**
 * Who signs: anything that signs EIP-712 typed data for one address — a raw key (devnets,
 * validators' tools, tests), a Ledger device (`deviceTypedDataSigner` in ./ledger), a viem
 * account. The client asks it to sign transactions and the `RpcRequest`s of private reads; it
 * never sees a key it cannot ask.
 */
import type { CustosDomain } from '../protocol/eip712'
import { typedDataDigest } from '../protocol/eip712'
import { fromHex } from '../protocol/hash'
import type { Address, Hex } from '../protocol/messages'
import {
  rpcParamsHash,
  rpcRequestTypes,
  type RpcAuth,
  type RpcRequestMessage,
} from '../protocol/rpcAuth'
import { addressOfPrivateKey, signDigest } from '../protocol/signature'
import type { TypedField } from '../protocol/txTypes'

/** Typed data in viem's shape: `types` without `EIP712Domain`, integers as bigints. */
export interface SignableTypedData {
  domain: CustosDomain
  types: Record<string, readonly TypedField[]>
  primaryType: string
  message: object
}

export interface TypedDataSigner {
  /** The address the signatures recover (lowercase). */
  readonly address: Address
  /**
   * What signs, for people ("Ledger (USB) at m/44'/60'/0'/0/0", "Simulated device at …");
   * absent for a key in memory. A device signer (client/ledger) asks a person to approve
   * each signature on its screen, so callers should say so before asking it.
   */
  readonly label?: string
  /** A 65-byte signature r ‖ s ‖ v (low-s) over the EIP-712 digest of `typedData`. */
  signTypedData(typedData: SignableTypedData): Promise<Hex>
}

/** A signer holding a raw secp256k1 key in memory. */
export function privateKeySigner(privateKey: Uint8Array): TypedDataSigner {
  return {
    address: addressOfPrivateKey(privateKey),
    signTypedData: async (typedData) =>
      signDigest(
        fromHex(
          typedDataDigest(
            typedData.domain,
            typedData.primaryType,
            typedData.message as Record<string, unknown>,
            typedData.types,
          ),
        ),
        privateKey,
      ),
  }
}

/** The typed data of an authenticated read (docs/rpc.md, "Authentication"). */
export function rpcRequestTypedData(
  domain: CustosDomain,
  method: string,
  params: Readonly<Record<string, unknown>>,
  issuedAt: bigint,
): SignableTypedData & { primaryType: 'RpcRequest'; message: RpcRequestMessage } {
  return {
    domain,
    types: rpcRequestTypes,
    primaryType: 'RpcRequest',
    message: { method, paramsHash: rpcParamsHash(params), issuedAt },
  }
}

/** `params.auth` for a private read of `method` with `params`, signed now by `signer`. */
export async function signRpcAuth(
  signer: TypedDataSigner,
  domain: CustosDomain,
  method: string,
  params: Readonly<Record<string, unknown>>,
  issuedAt: bigint,
): Promise<RpcAuth> {
  const signature = await signer.signTypedData(
    rpcRequestTypedData(domain, method, params, issuedAt),
  )
  return { signer: signer.address, issuedAt: issuedAt.toString(), signature }
}
