/**
 * Parameter changes as governance proposes them: a parameter's name and its new value as text.
 *
 * Text formats (the same ones `formatParam` prints):
 * - `maxBlockTxs`, `maxBlockBytes`, `maxLegs`, `maxPendingInstructions`, `blockIntervalMs`,
 *   `governance.votingPeriodBlocks`: a decimal integer without leading zeros ("86400");
 * - `governance.quorum`, `governance.threshold`, `governance.vetoThreshold`: a fraction
 *   "numerator/denominator" ("334/1000"), kept exactly as written (not reduced);
 * - `governance.proposerRoles`: roles separated by commas ("issuer,regulator"); "" = none.
 */
import { InvalidValue } from '../../protocol/errors'
import type { Ratio } from '../governance/tally/types'
import { roles, type Role } from '../identity/types'
import type { Params } from './params'
import { validateParams } from './validateParams'

type NumberParam =
  'maxBlockTxs' | 'maxBlockBytes' | 'maxLegs' | 'maxPendingInstructions' | 'blockIntervalMs'
type RatioParam = 'quorum' | 'threshold' | 'vetoThreshold'

interface ParamCodec {
  /** `params` with the parameter set to the value `text` denotes; throws a reason string. */
  set(params: Params, text: string): Params
  format(params: Params): string
}

const integer = /^(0|[1-9]\d*)$/
const fraction = /^(0|[1-9]\d*)\/(0|[1-9]\d*)$/

/** Thrown inside a codec; turned into an `InvalidValue` naming the caller's field. */
class BadText extends Error {}

function parseInteger(text: string): bigint {
  if (!integer.test(text)) throw new BadText('must be a decimal integer without leading zeros')
  return BigInt(text)
}

function numberParam(name: NumberParam): ParamCodec {
  return {
    set: (params, text) => {
      const value = parseInteger(text)
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadText('is too large')
      return { ...params, [name]: Number(value) }
    },
    format: (params) => String(params[name]),
  }
}

function ratioParam(name: RatioParam): ParamCodec {
  return {
    set: (params, text) => {
      const match = fraction.exec(text)
      if (!match) throw new BadText('must be a fraction "numerator/denominator", e.g. "334/1000"')
      const ratio: Ratio = {
        numerator: BigInt(match[1] ?? ''),
        denominator: BigInt(match[2] ?? ''),
      }
      return { ...params, governance: { ...params.governance, [name]: ratio } }
    },
    format: (params) => {
      const { numerator, denominator } = params.governance[name]
      return `${numerator}/${denominator}`
    },
  }
}

function parseRoles(text: string): Role[] {
  if (text === '') return []
  return text.split(',').map((part) => {
    const role = part.trim()
    if (!(roles as readonly string[]).includes(role))
      throw new BadText(
        `unknown role ${JSON.stringify(role)}; use a comma list of ${roles.join(', ')}`,
      )
    return role as Role
  })
}

const codecs = {
  maxBlockTxs: numberParam('maxBlockTxs'),
  maxBlockBytes: numberParam('maxBlockBytes'),
  maxLegs: numberParam('maxLegs'),
  maxPendingInstructions: numberParam('maxPendingInstructions'),
  blockIntervalMs: numberParam('blockIntervalMs'),
  'governance.votingPeriodBlocks': {
    set: (params, text) => ({
      ...params,
      governance: { ...params.governance, votingPeriodBlocks: parseInteger(text) },
    }),
    format: (params) => String(params.governance.votingPeriodBlocks),
  },
  'governance.quorum': ratioParam('quorum'),
  'governance.threshold': ratioParam('threshold'),
  'governance.vetoThreshold': ratioParam('vetoThreshold'),
  'governance.proposerRoles': {
    set: (params, text) => ({
      ...params,
      governance: { ...params.governance, proposerRoles: parseRoles(text) },
    }),
    format: (params) => params.governance.proposerRoles.join(','),
  },
} as const satisfies Record<string, ParamCodec>

export type ParamName = keyof typeof codecs

/** Every parameter governance can change, by the name a 'change-param' action uses. */
export const paramNames = Object.keys(codecs) as ParamName[]

export function isParamName(name: string): name is ParamName {
  return Object.hasOwn(codecs, name)
}

/** The current value of a parameter in the text format a change uses. */
export function formatParam(params: Params, name: ParamName): string {
  return codecs[name].format(params)
}

/** Field names that errors of `applyParamChange` report. */
export interface ParamChangeFields {
  /** Where the parameter's name came from, e.g. 'SubmitGovProposal.action.param'. */
  param: string
  /** Where its value came from, e.g. 'SubmitGovProposal.action.value'. */
  value: string
}

/**
 * `params` with one parameter changed, validated as a whole (`validateParams`). Throws
 * `InvalidValue` naming `fields.param` for an unknown name and `fields.value` for a value that
 * does not parse or that the network cannot run with.
 *
 * @example
 * applyParamChange(params, 'governance.quorum', '1/2').governance.quorum
 * // { numerator: 1n, denominator: 2n }
 */
export function applyParamChange(
  params: Params,
  name: string,
  value: string,
  fields: ParamChangeFields = { param: 'param', value: 'value' },
): Params {
  if (!isParamName(name))
    throw new InvalidValue(
      fields.param,
      `unknown parameter ${JSON.stringify(name)}; use one of ${paramNames.join(', ')}`,
    )
  let next: Params
  try {
    next = codecs[name].set(params, value)
  } catch (error) {
    if (!(error instanceof BadText)) throw error
    throw new InvalidValue(fields.value, `${name} ${error.message}`, {
      details: { param: name, value },
    })
  }
  try {
    validateParams(next)
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error
    throw new InvalidValue(fields.value, error.message, {
      details: { param: name, value },
      cause: error,
    })
  }
  return next
}
