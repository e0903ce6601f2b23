import { AlreadyExists, InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { checkDisplayText, hasRole } from '../identity/participants'
import { keys } from '../keys'
import { addTokenSymbol, checkRules, checkSymbol } from './tokens'
import { assetClasses, type AssetClass, type Token } from './types'

/** An issuer creates a security (or cash) token with its compliance rules; it is its agent. */
export function createToken(p: HandlerParameters<TxMessages['CreateToken']>): void {
  const m = p.message
  if (!hasRole(p.view, p.signer, 'issuer'))
    throw new Unauthorized(`${p.signer} does not hold the issuer role`, { role: 'issuer' })
  checkSymbol('CreateToken.symbol', m.symbol)
  if (p.view.get(keys.token(m.symbol))) throw new AlreadyExists('token', m.symbol)
  if (m.name.trim().length === 0) throw new InvalidValue('CreateToken.name', 'must not be empty')
  checkDisplayText('CreateToken.name', m.name)
  if (m.decimals > 18n) throw new InvalidValue('CreateToken.decimals', 'must be at most 18')
  if (!(assetClasses as readonly string[]).includes(m.assetClass))
    throw new InvalidValue('CreateToken.assetClass', `must be one of ${assetClasses.join(', ')}`)
  m.identifiers.forEach((id, i) => checkDisplayText(`CreateToken.identifiers[${i}]`, id))
  checkRules('CreateToken.rules', m.rules)
  const token: Token = {
    symbol: m.symbol,
    name: m.name,
    decimals: m.decimals,
    assetClass: m.assetClass as AssetClass,
    documentsHash: m.documentsHash,
    identifiers: m.identifiers,
    issuer: p.signer,
    rules: m.rules,
    paused: false,
    totalSupply: 0n,
    holderCount: 0n,
  }
  p.view.set(keys.token(m.symbol), token)
  addTokenSymbol(p.view, m.symbol)
}
