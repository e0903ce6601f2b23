/**
 * Auditor exports: records with proofs as a `custos-export-v1` bundle, CSV files and a PDF
 * report (`exportRecords`), and the offline verification of a bundle from a trusted root
 * (`verifyBundle`), which `custos verify-export` runs.
 */
export {
  exportRecords,
  type ExportProgress,
  type ExportRecordsParameters,
  type ExportResult,
} from './exportRecords'
export { verifyBundle, verifyParsedBundle, type VerifyBundleOptions } from './verify/verifyBundle'
export {
  describeItem,
  type FailedItem,
  type FailureCode,
  type VerifyFailure,
  type VerifyReport,
} from './verify/report'
export { parseBundle, parseBundleText, type ParsedBundle } from './bundle/parseBundle'
export * from './bundle/format'
export type { BundleLightBlock, LightBlockJson, LightStep } from './bundle/lightBlockJson'
export { parseTrustedRoot, formatTrustedRoot, type TrustedRoot } from './trustedRoot'
export type { ExportSource } from './build/source'
export { csvFileNames } from './build/csvFiles'
export { recordColumns } from './derive/columns'
export { csvField, csvRow, csvTable } from './csv'
export * from './errors'
