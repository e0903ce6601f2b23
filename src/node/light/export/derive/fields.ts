/**
 * Exported fields: every value an auditor sees for a record (a CSV row, a line of the PDF),
 * as text. A bundle stores them next to the proof they come from, and the verifier derives
 * them again from the proven bytes and compares, so an edit of any field is caught.
 */

/** Field name → text, in column order. */
export type RecordFields = Record<string, string>

/** The first field whose text differs between `claimed` and `derived`, if any. */
export function firstFieldDifference(
  claimed: Readonly<Record<string, unknown>>,
  derived: RecordFields,
): { field: string; claimed: unknown; derived: string | undefined } | undefined {
  for (const [field, value] of Object.entries(derived))
    if (claimed[field] !== value) return { field, claimed: claimed[field], derived: value }
  for (const [field, value] of Object.entries(claimed))
    if (!(field in derived)) return { field, claimed: value, derived: undefined }
  return undefined
}
