import { z } from 'zod'
import { forkEvidenceSchema } from '../lightParams'
import type { EvidenceAnswer } from '../answers'
import { publicMethod } from '../method'

/**
 * Evidence of a fork from a light client: two different headers for one height, each with a
 * commit. The node checks that each commit carries more than 1/3 of the voting power of the
 * set it knows for that height (`Chain.submitEvidence`), keeps it and tells its listeners (the
 * log); nothing is slashed. Invalid evidence is -32010 (`INVALID_BLOCK`, "evidence refused: …").
 */
export const submitEvidence = publicMethod({
  name: 'custos_submitEvidence',
  params: z.strictObject({ evidence: forkEvidenceSchema }),
  handle({ evidence }, { ctx }): EvidenceAnswer {
    const receipt = ctx.backend.chain.submitEvidence(evidence, BigInt(Math.floor(ctx.now())))
    return {
      hash: receipt.hash,
      height: receipt.height.toString(),
      primaryHash: receipt.primaryHash,
      witnessHash: receipt.witnessHash,
      signedBoth: receipt.signedBoth,
      duplicate: receipt.duplicate,
    }
  },
})
