/** State keys. Part of the protocol: proofs name these keys. */
import type { Address, Hex } from '../protocol/messages'

export const keys = {
  chain: () => 'chain',
  params: () => 'params',
  validators: () => 'validators',
  nonce: (signer: Address) => `nonce/${signer}`,
  participant: (address: Address) => `participant/${address}`,
  token: (symbol: string) => `token/${symbol}`,
  balance: (symbol: string, holder: Address) => `balance/${symbol}/${holder}`,
  freeze: (symbol: string, holder: Address) => `freeze/${symbol}/${holder}`,
  sent: (symbol: string, holder: Address) => `sent/${symbol}/${holder}`,
  instruction: (id: Hex) => `instruction/${id}`,
  pendingInstructions: () => 'instructions/pending',
} as const
