import { readFileSync } from 'node:fs'
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** What a reader of one page gets: its text, and what its content stream draws. */
export interface PdfPage {
  /** The page's text, one line per baseline, runs on a line in reading order. */
  text: string
  /** Path-painting operations (stroke, fill): vector drawings, such as charts and table rules. */
  paths: number
  /** Text-showing operations. */
  texts: number
  images: number
}

export interface PdfRead {
  pages: PdfPage[]
  /** All pages' text, as a text extractor (pdftotext) would give it. */
  text: string
  /** The document information dictionary and XMP metadata, as JSON. */
  info: string
}

const PAINT = new Set<number>([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
])
const SHOW = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText])
const IMAGE = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject])

/**
 * Reads a PDF with pdf.js (pure JavaScript, no poppler): every page is parsed down to its operator
 * list, so a broken content stream fails here as it would in a viewer.
 */
export async function readPdf(path: string): Promise<PdfRead> {
  const doc = await getDocument({
    data: new Uint8Array(readFileSync(path)),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const pages: PdfPage[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const ops = await page.getOperatorList()
      // constructPath carries its painting op (pdf.js ≥ 5 folds the paint into it) as its first arg.
      const painted = (op: number, i: number) =>
        PAINT.has(op) || (op === OPS.constructPath && PAINT.has(ops.argsArray[i]?.[0] as number))
      const count = (test: (op: number, i: number) => boolean) => ops.fnArray.filter(test).length
      const content = await page.getTextContent()
      const lines = new Map<number, { x: number; s: string }[]>()
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue
        const y = Math.round(item.transform[5] as number)
        lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4] as number, s: item.str }])
      }
      const text = [...lines.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([, runs]) =>
          runs
            .sort((a, b) => a.x - b.x)
            .map((r) => r.s)
            .join(' '),
        )
        .join('\n')
      pages.push({
        text,
        paths: count(painted),
        texts: count((op) => SHOW.has(op)),
        images: count((op) => IMAGE.has(op)),
      })
      page.cleanup()
    }
    const meta = await doc.getMetadata()
    const info = JSON.stringify({
      info: meta.info,
      metadata: (meta.metadata?.getRaw() as string | undefined) ?? null,
    })
    return { pages, text: pages.map((p) => p.text).join('\n\f'), info }
  } finally {
    await doc.destroy()
  }
}
