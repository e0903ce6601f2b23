/** CSV fields of a light block of the bundle (blocks.csv): its header, step and signed power. */
import { headerHash } from '../../../protocol/block'
import type { BundleLightBlock, LightStep } from '../bundle/lightBlockJson'
import type { RecordFields } from './fields'
import { blockTime } from './text'

export function blockFields(block: BundleLightBlock, step: LightStep): RecordFields {
  const { header, commit, validators } = block
  const signers = new Set((commit?.signatures ?? []).map((s) => s.validator.toLowerCase()))
  let signed = 0n
  let total = 0n
  for (const v of validators) {
    total += v.power
    if (signers.has(v.address.toLowerCase())) signed += v.power
  }
  return {
    height: header.height.toString(),
    time: blockTime(header),
    hash: headerHash(header),
    step,
    proposer: header.proposer,
    txRoot: header.txRoot,
    stateRoot: header.stateRoot,
    validatorsHash: header.validatorsHash,
    nextValidatorsHash: header.nextValidatorsHash,
    signedPower: signed.toString(),
    totalPower: total.toString(),
    signers: [...signers].join(' '),
  }
}
