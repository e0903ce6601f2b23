/**
 * CSV text as RFC 4180 defines it (section 2): records end with CRLF (rule 1, the last one
 * too), the first record is a header row (rule 3), and a field containing a comma, a double
 * quote, CR or LF is enclosed in double quotes with each inner quote doubled (rules 5–7).
 * Every other field is written as it is, so amounts stay exact decimal strings.
 */

const NEEDS_QUOTES = /[",\r\n]/

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** One record: the fields joined by commas, ended by CRLF. */
export function csvRow(values: readonly string[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ','
    line += csvField(values[i] as string)
  }
  return `${line}\r\n`
}

/** A whole table (header row first) as one string; for large tables stream `csvRow`s. */
export function csvTable(columns: readonly string[], rows: Iterable<readonly string[]>): string {
  let text = csvRow(columns)
  for (const row of rows) text += csvRow(row)
  return text
}
