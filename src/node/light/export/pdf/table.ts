/**
 * A table in a pdfkit document that continues over as many pages as it needs, repeating its
 * header row on each. Cells are one line: text wider than its column is cut with an ellipsis
 * (the CSV files hold every value in full).
 */
type Doc = PDFKit.PDFDocument

export interface TableColumn {
  header: string
  /** Share of the table's width (columns' weights are normalized). */
  weight: number
  align?: 'left' | 'right'
}

export interface TableParameters {
  title: string
  columns: readonly TableColumn[]
  rows: ReadonlyArray<readonly string[]>
  /** A line under the table (e.g. "… and 1,200 more rows in transactions.csv"). */
  note?: string
  /** Text in place of an empty table. */
  empty?: string
}

const ROW_HEIGHT = 14
const FONT_SIZE = 8
const PADDING = 3

/** `text` cut to fit `width` points at the current font, with a trailing ellipsis. */
export function fitText(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  let low = 0
  let high = text.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) low = mid
    else high = mid - 1
  }
  return `${text.slice(0, low)}…`
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom - ROW_HEIGHT
}

function drawRow(
  doc: Doc,
  cells: readonly string[],
  columns: readonly TableColumn[],
  widths: readonly number[],
  options: { bold?: boolean; shade?: boolean },
): void {
  const left = doc.page.margins.left
  const y = doc.y
  const total = widths.reduce((a, b) => a + b, 0)
  if (options.shade) doc.save().rect(left, y, total, ROW_HEIGHT).fill('#eef1f5').restore()
  doc
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(FONT_SIZE)
    .fillColor('#111111')
  let x = left
  columns.forEach((column, i) => {
    const width = widths[i] as number
    const text = fitText(doc, cells[i] ?? '', width - 2 * PADDING)
    doc.text(text, x + PADDING, y + 3, {
      width: width - 2 * PADDING,
      align: column.align ?? 'left',
      lineBreak: false,
    })
    x += width
  })
  doc.x = left
  doc.y = y + ROW_HEIGHT
}

function heading(doc: Doc, text: string): void {
  const y = doc.y
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#0b2545')
  doc.text(text, doc.page.margins.left, y, { lineBreak: false })
  doc.x = doc.page.margins.left
  doc.y = y + 20
}

/** Draws the table at the cursor, starting a new page whenever the next row would not fit. */
export function drawTable(doc: Doc, params: TableParameters): void {
  const { columns } = params
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const weights = columns.reduce((sum, c) => sum + c.weight, 0)
  const widths = columns.map((c) => (c.weight / weights) * width)
  const header = columns.map((c) => c.header)
  if (doc.y > bottom(doc) - 3 * ROW_HEIGHT) doc.addPage()
  heading(doc, params.title)
  drawRow(doc, header, columns, widths, { bold: true, shade: true })
  if (params.rows.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(FONT_SIZE).fillColor('#555555')
    doc.text(params.empty ?? 'None.', doc.page.margins.left + PADDING, doc.y + 3)
  }
  params.rows.forEach((row, i) => {
    if (doc.y > bottom(doc)) {
      doc.addPage()
      heading(doc, `${params.title} (continued)`)
      drawRow(doc, header, columns, widths, { bold: true, shade: true })
    }
    drawRow(doc, row, columns, widths, { shade: i % 2 === 1 })
  })
  if (params.note) {
    doc.font('Helvetica-Oblique').fontSize(FONT_SIZE).fillColor('#555555')
    doc.text(params.note, doc.page.margins.left + PADDING, doc.y + 3)
  }
  doc.fillColor('#111111')
  doc.y += 14
}
