/**
 * How a `custos` command signs: `--key FILE`, a Ledger (`--ledger`) or, on the devnet, a
 * simulated device (`--simulated-device`). Shared by `custos account` and `custos gov`.
 */
import type { CustosRpc, TypedDataSigner } from '../client'
import {
  deviceChoiceOf,
  openDeviceSigner,
  reviewLines,
  type DeviceTypedDataSigner,
} from '../client/ledger'
import { SignerError } from '../../shared/signer'
import { CliError } from './home'
import { keySigner } from './rpcClient'

type Values = Record<string, string | boolean | undefined>

/** How a command signs: the options every signing command takes, and their help. */
export const signerHelp = `Signing (give one):
  --key FILE            a key file { address, privateKey } as custos init writes them
  --ledger              a Ledger on USB, Ethereum app open: it shows every field of what you
                        sign, approve there (needs npm install @ledgerhq/hw-transport-node-hid)
    --path P            the key's derivation path (default m/44'/60'/0'/0/0)
    --account-index I   or Ledger Live's account I, m/44'/60'/I'/0/0
  --simulated-device D  devnet only (chain id 7001): simulated device D (0, 1, 2, …) or one
                        set up with the mnemonic D; it approves at once and prints its screens
                        (--path / --account-index as for --ledger)`

export const signerOptions = {
  key: { type: 'string' },
  ledger: { type: 'boolean' },
  path: { type: 'string' },
  'account-index': { type: 'string' },
  'simulated-device': { type: 'string' },
} as const

export interface CommandSigner {
  signer: TypedDataSigner
  /** Set when a device signs. */
  device?: DeviceTypedDataSigner
  /** Releases the device (call when the command ends). */
  close(): Promise<void>
}

/**
 * The signer the flags choose: a key file (`--key`), a Ledger (`--ledger`) or a simulated
 * device (`--simulated-device`, devnet only). Prints what a device asks the person to review.
 * Setup problems (no node-hid, not the devnet, a bad path) are `CliError`s.
 */
export async function commandSigner(
  values: Values,
  command: string,
  rpc: CustosRpc,
  out: (line: string) => void,
): Promise<CommandSigner> {
  const choice = deviceChoiceOf({
    ledger: values['ledger'] === true,
    ...optional('path', text(values, 'path')),
    ...optional('accountIndex', text(values, 'account-index')),
    ...optional('simulatedDevice', text(values, 'simulated-device')),
  })
  if (!choice) {
    const signer = keySigner(text(values, 'key'), command)
    return { signer, close: async () => undefined }
  }
  if (values['key'] !== undefined)
    throw new CliError('give either --key or a device (--ledger, --simulated-device), not both')
  const name = choice.kind === 'simulated' ? `Simulated device ${choice.device}` : 'Ledger'
  try {
    const opened = await openDeviceSigner({
      choice,
      rpc,
      onReview: (review, typedData) => {
        for (const line of reviewLines(review, typedData, { device: name })) out(line)
      },
    })
    out(`signing with ${opened.signer.label}: ${opened.signer.address}`)
    return { signer: opened.signer, device: opened.signer, close: opened.close }
  } catch (error) {
    if (error instanceof SignerError && error.code !== 'DEVICE') throw new CliError(error.message)
    throw error
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

function text(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}
