/**
 * The deterministic sequence of signatures of the signer crash test (crash.test.ts and its child
 * signerChild.ts): five steps per height — round 0 propose, prevote, precommit, then round 1
 * prevote, precommit — each for block A(height, round); B(height, round, step) is the conflicting
 * block the restarted child tries to sign.
 */
import type { SafeSigner, SignStep } from '../../../../src/node/consensus/safety'
import {
  fromHex,
  keccak256,
  toHex,
  utf8,
  voteDigest,
  VoteType,
  type CustosDomain,
  type Hex,
} from '../../../../src/node/protocol'

export interface Position {
  height: bigint
  round: bigint
  step: SignStep
}

const STEPS_PER_HEIGHT: ReadonlyArray<readonly [round: bigint, step: SignStep]> = [
  [0n, 'propose'],
  [0n, 'prevote'],
  [0n, 'precommit'],
  [1n, 'prevote'],
  [1n, 'precommit'],
]

export function positionAt(index: number): Position {
  const [round, step] = STEPS_PER_HEIGHT[index % STEPS_PER_HEIGHT.length] ?? [0n, 'propose']
  return { height: 1n + BigInt(Math.floor(index / STEPS_PER_HEIGHT.length)), round, step }
}

export function indexOf(p: Position): number {
  const within = STEPS_PER_HEIGHT.findIndex(([round, step]) => round === p.round && step === p.step)
  if (within < 0 || p.height < 1n) throw new Error(`position ${key(p)} is not in the sequence`)
  return Number(p.height - 1n) * STEPS_PER_HEIGHT.length + within
}

export const key = (p: Position) => `${p.height}/${p.round}/${p.step}`

export const blockA = (p: Position): Hex => toHex(keccak256(utf8(`A/${p.height}/${p.round}`)))
export const blockB = (p: Position): Hex => toHex(keccak256(utf8(`B/${key(p)}`)))

/** Stand-in for a proposal's EIP-712 digest (the proposal type lives elsewhere). */
export function proposalDigest(domain: CustosDomain, p: Position, blockHash: Hex): Uint8Array {
  return keccak256(utf8(`proposal/${domain.chainId}/${p.height}/${p.round}/${blockHash}`))
}

/** The digest the signer signs for `blockHash` at `p`. */
export function digestAt(domain: CustosDomain, p: Position, blockHash: Hex): Uint8Array {
  if (p.step === 'propose') return proposalDigest(domain, p, blockHash)
  const voteType = p.step === 'prevote' ? VoteType.prevote : VoteType.precommit
  return fromHex(voteDigest(domain, { voteType, height: p.height, round: p.round, blockHash }))
}

/** Signs `blockHash` at `p` through the signer's vote or proposal entry point. */
export function signAt(signer: SafeSigner, domain: CustosDomain, p: Position, blockHash: Hex): Hex {
  if (p.step === 'propose')
    return signer.signProposal(
      domain,
      { height: p.height, round: p.round, blockHash },
      proposalDigest(domain, p, blockHash),
    )
  const voteType = p.step === 'prevote' ? VoteType.prevote : VoteType.precommit
  return signer.signVote(domain, { voteType, height: p.height, round: p.round, blockHash })
}
