/**
 * A Ledger key as the client's `TypedDataSigner`: the SDK, `sendTx` and signed reads use it
 * like a key file, and the device clear-signs each transaction or read request.
 *
 * Each digest goes to the device once: asking again for typed data that was already signed
 * (a retried flow, two callers at once) returns the same signature without a second prompt.
 * That, and the signer's deterministic retry after a disconnect, is what keeps one approval
 * from turning into two different signed approvals.
 */
import {
  typedDataHashes,
  type LedgerSigner,
  type PendingReview,
  type SigningMode,
} from '../../../shared/signer'
import type { Address, Hex } from '../../protocol/messages'
import type { SignableTypedData, TypedDataSigner } from '../signer'

/** How many signed digests a signer remembers to answer a repeated request without the device. */
const MAX_REMEMBERED = 256

export interface DeviceTypedDataSignerParameters {
  signer: LedgerSigner
  /** The key's derivation path, e.g. `m/44'/60'/0'/0/0`. */
  path: string
  /** The address expected at `path`; read from the device when omitted. */
  address?: Address
  deviceId?: string
  /** Force a signing mode (default: full wherever the app can). */
  mode?: SigningMode
  /** Told what the device is about to show, before each prompt. */
  onReview?: (review: PendingReview, typedData: SignableTypedData) => void
}

export interface DeviceTypedDataSigner extends TypedDataSigner {
  readonly path: string
  readonly label: string
}

/**
 * The signer of the key at `path` on a Ledger. Reads the address from the device unless it is
 * given; every signature is checked to recover it.
 *
 * @example
 * const signer = await deviceTypedDataSigner({ signer: new LedgerSigner({ connector }), path: "m/44'/60'/0'/0/0" })
 * await sendTx({ rpc, signer, build: (ctx) => castVoteTx(ctx, { proposalId, option: 'yes' }) })
 */
export async function deviceTypedDataSigner(
  p: DeviceTypedDataSignerParameters,
): Promise<DeviceTypedDataSigner> {
  const request = p.deviceId === undefined ? {} : { deviceId: p.deviceId }
  const address = p.address?.toLowerCase() ?? (await p.signer.getAddressAt(p.path, request))
  const devices = await p.signer.listDevices()
  const device = devices.find((d) => d.id === p.deviceId) ?? devices[0]
  const signed = new Map<Hex, Promise<Hex>>()

  return {
    address: address as Address,
    path: p.path,
    label: `${device?.label ?? 'Ledger'} at ${p.path}`,
    signTypedData(typedData: SignableTypedData): Promise<Hex> {
      const { digest } = typedDataHashes(typedData)
      let signature = signed.get(digest)
      if (!signature) {
        signature = p.signer
          .signTypedData(p.path, typedData, address, {
            ...request,
            ...(p.mode === undefined ? {} : { mode: p.mode }),
            onReview: (review) => p.onReview?.(review, typedData),
          })
          .then((result) => result.signature)
        signed.set(digest, signature)
        signature.catch(() => signed.delete(digest))
        // a long-lived app keeps only recent digests (Map iterates oldest first)
        if (signed.size > MAX_REMEMBERED) signed.delete(signed.keys().next().value as Hex)
      }
      return signature
    },
  }
}
