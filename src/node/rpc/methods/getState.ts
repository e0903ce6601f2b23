import { z } from 'zod'
import { invalidParams, notAuthorized } from '../errors'
import { publicMethod } from '../method'
import { openSnapshot } from '../snapshot'

/**
 * Public state keys (docs/rpc.md, "Public and private state"): the network's own records,
 * token records and governance. Everything keyed by an address, DvP instructions and account
 * proposals are private.
 */
const publicKey =
  /^(?:chain|params|validators|token\/[A-Z][A-Z0-9.-]{0,11}|gov\/(?:proposals|voting|upgrade|proposal\/0x[0-9a-f]{64}))$/

/** Private key prefixes and where to read them instead. */
const privatePrefixes: ReadonlyArray<readonly [string, string]> = [
  ['nonce/', 'custos_getNonce'],
  ['participant/', 'custos_getParticipantClaims, or custos_getParticipant for name and roles'],
  ['balance/', 'custos_getBalances'],
  ['freeze/', 'a signed private query (not offered yet)'],
  ['sent/', 'a signed private query (not offered yet)'],
  ['instruction/', 'custos_getInstruction'],
  ['instructions/', 'custos_getInstruction for each instruction you are a party to'],
  ['account/', 'custos_getAccount'],
  ['proposal/', 'custos_getProposal'],
  ['proposals/', 'custos_listProposals'],
]

/** A public state value with its proof: `chain`, `params`, `validators`, `token/<symbol>`. */
export const getState = publicMethod({
  name: 'custos_getState',
  params: z.strictObject({ key: z.string({ error: 'must be a state key' }).max(256) }),
  handle({ key }, { ctx }) {
    if (!publicKey.test(key)) {
      const hint = privatePrefixes.find(([prefix]) => key.startsWith(prefix))
      if (hint) throw notAuthorized(`${key} is private state; read it with ${hint[1]}`, { key })
      throw invalidParams(
        'key',
        `${JSON.stringify(key)} is not a public state key; public keys are chain, params, ` +
          'validators, token/<symbol>, gov/proposals, gov/voting, gov/upgrade and gov/proposal/<id>',
      )
    }
    return openSnapshot(ctx.backend.chain).prove(key)
  },
})
