/** Custody policies of multi-approver accounts (ARCHITECTURE.md, "Custody policies"). */
export * from './types'
export { validatePolicy, MAX_POLICY_RULES } from './validatePolicy'
export {
  evaluatePolicy,
  matchRule,
  velocityOverflow,
  velocityWords,
  type EvaluatePolicyResult,
  type PolicyDecision,
  type VelocityOverflow,
} from './evaluatePolicy'
export {
  approvalStatus,
  missingWords,
  impossibleWords,
  type ApprovalStatus,
  type MissingApprovals,
  type RequirementStatus,
} from './approvals'
export { explain, type ExplainState, type Explanation } from './explain'
export {
  formatAmount,
  requirementWords,
  ruleLabel,
  describeAction,
  addressKey,
  plural,
  sortedDistinct,
} from './format'
export { policyFromWire, policyToWire } from './wire'
