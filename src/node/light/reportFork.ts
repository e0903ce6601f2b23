/**
 * What happens on a fork: the evidence goes to every node the client knows
 * (`custos_submitEvidence`), and the error says who disagreed and where it was sent.
 */
import type { ForkEvidence } from '../chain/evidence'
import { lightErrors, type LightClientError } from './errors'
import type { EvidenceReport, LightProvider } from './types'

export interface ReportForkParameters {
  evidence: ForkEvidence
  primary: LightProvider
  witness: LightProvider
  /** Nodes to submit the evidence to. */
  nodes: readonly LightProvider[]
}

export async function reportFork(
  p: ReportForkParameters,
): Promise<{ report: EvidenceReport; error: LightClientError }> {
  const submissions = await Promise.all(
    p.nodes.map(async (node) => {
      if (!node.submitEvidence)
        return { provider: node.name, accepted: false, error: 'cannot take evidence' }
      try {
        await node.submitEvidence(p.evidence)
        return { provider: node.name, accepted: true }
      } catch (error) {
        return {
          provider: node.name,
          accepted: false,
          error: error instanceof Error ? error.message : String(error),
        }
      }
    }),
  )
  const report: EvidenceReport = {
    evidence: p.evidence,
    primary: p.primary.name,
    witness: p.witness.name,
    submissions,
  }
  const error = lightErrors.fork({
    height: p.evidence.height,
    primary: p.primary.name,
    witness: p.witness.name,
    submittedTo: submissions.filter((s) => s.accepted).map((s) => s.provider),
  })
  return { report, error }
}
