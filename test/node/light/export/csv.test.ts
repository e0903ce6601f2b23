/**
 * RFC 4180 output: CRLF after every record, a header row, fields with a comma, double quote,
 * CR or LF quoted with inner quotes doubled, everything else as is — checked by parsing with
 * csv-parse (strict: quotes only where allowed, same column count on every row).
 */
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvField, csvRow, csvTable } from '../../../../src/node/light/export'

const strict = (text: string): string[][] =>
  parse(text, { record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false })

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['cr\rhere', '"cr\rhere"'],
    ['crlf\r\n', '"crlf\r\n"'],
    ['"', '""""'],
    ['  spaced  ', '  spaced  '],
    ['123456789012345678901234567890.000001', '123456789012345678901234567890.000001'],
  ])('writes %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written)
  })

  it('ends every record, the last one too, with CRLF', () => {
    expect(csvRow(['a', 'b,c', ''])).toBe('a,"b,c",\r\n')
    expect(csvTable(['x', 'y'], [['1', '2']])).toBe('x,y\r\n1,2\r\n')
  })

  it('round-trips awkward values through a strict RFC 4180 parser', () => {
    const rows = [
      ['comma, inside', 'quote " inside', 'newline\ninside', 'crlf\r\ninside'],
      ['', ' ', 'ümlaut €', '{"json":"text","n":"1"}'],
      ['0x00', '340282366920938463463374607431768211455', '=SUM(A1)', '"quoted"'],
    ]
    const text = csvTable(['a', 'b', 'c', 'd'], rows)
    expect(strict(text)).toEqual([['a', 'b', 'c', 'd'], ...rows])
  })
})
