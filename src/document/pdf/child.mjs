/**
 * The PDF extraction child: reads a PDF's bytes on stdin, prints one line of
 * JSON on stdout (ChildMessage in schema.ts, which the parent validates with
 * zod), exits. Started by run.ts with a heap limit and killed at its time
 * limit, so a hostile PDF can neither hang nor swell the process that asked.
 *
 * Plain JavaScript on purpose: run through tsx, every start would first
 * transform pdf.js's 3 MB of bundled code (about 1.5 s here); as plain ESM the
 * child starts in a fraction of that. It is kept small: all the reading of
 * the runs is typed TypeScript in the parent (lines.ts, layout.ts).
 *
 * pdf.js (pdfjs-dist's legacy build, the one meant for Node) gives each text
 * run with its transform: font size is its vertical scale, the baseline its
 * translation. Font names come from the operator list (pdf.js hands a font's
 * name to the caller only there); images are not decoded for it
 * (maxImageSize), so a PDF full of pictures costs little more than its text.
 */
// @ts-check
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const BOLD = /bold|black|heavy|semibold|demi|medi(um)?\b|medi$|-b$|bd$|extrab|ultrab/iu;
const ITALIC = /italic|oblique|ital|-it$|-i$/iu;

/** @param {string} rawName */
function fontInfo(rawName) {
  const name = rawName.replace(/^[A-Z]{6}\+/u, '');
  return { name, bold: BOLD.test(name), italic: ITALIC.test(name) };
}

/** Most metadata fields reported, and longest value (longer ones are left out, not cut). */
const MAX_FIELDS = 200;
const MAX_VALUE = 4096;

/**
 * The PDF's document information dictionary and XMP metadata as flat text
 * fields: "info:<key>", "info:Custom:<key>" (the keys pdf.js does not know),
 * "xmp:<name>". Only string values; the parent decides what they mean.
 * @param {import('pdfjs-dist/types/src/display/api').PDFDocumentProxy} doc
 */
async function metadataOf(doc) {
  /** @type {Record<string, string>} */
  const out = {};
  /** @param {string} key @param {unknown} value */
  const put = (key, value) => {
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_VALUE && Object.keys(out).length < MAX_FIELDS) out[key] = value;
  };
  try {
    const { info, metadata } = await doc.getMetadata();
    for (const [key, value] of Object.entries(info ?? {})) {
      if (key === 'Custom' && value && typeof value === 'object') for (const [k, v] of Object.entries(value)) put(`info:Custom:${k}`, v);
      else put(`info:${key}`, value);
    }
    for (const [key, value] of Object.entries(metadata?.getAll() ?? {})) put(`xmp:${key}`, value);
  } catch {
    // Unreadable metadata is no metadata: the text is what matters.
  }
  return out;
}

/** @param {Uint8Array} data */
async function extract(data) {
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, maxImageSize: 1, stopAtErrors: false }).promise;
  try {
    const pages = [];
    /** @type {Record<string, {name: string, bold: boolean, italic: boolean}>} */
    const fonts = {};
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const [x0, y0, x1, y1] = page.view;
      const content = await page.getTextContent();
      const runs = [];
      const ids = new Set();
      for (const item of content.items) {
        if (!('str' in item) || item.str.length === 0) continue;
        const [a, b, , d, e, f] = item.transform;
        // Horizontal text only: a report's body is never set vertically.
        if (Math.abs(b) > 1e-3 * Math.abs(a || 1)) continue;
        runs.push({ s: item.str, x: e - x0, y: f - y0, size: Math.abs(d) || Math.abs(a), w: item.width, f: item.fontName });
        ids.add(item.fontName);
      }
      if ([...ids].some((id) => !(id in fonts))) {
        await page.getOperatorList();
        for (const id of ids) {
          if (id in fonts) continue;
          const font = page.commonObjs.has(id) ? page.commonObjs.get(id) : null;
          fonts[id] = fontInfo(typeof font?.name === 'string' ? font.name : '');
        }
      }
      pages.push({ width: x1 - x0, height: y1 - y0, runs });
      page.cleanup();
    }
    return { pages, fonts, metadata: await metadataOf(doc) };
  } finally {
    await doc.destroy();
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let message;
try {
  message = { ok: true, pdf: await extract(new Uint8Array(Buffer.concat(chunks))) };
} catch (e) {
  const name = e instanceof Error ? e.name : '';
  const text = e instanceof Error ? e.message : String(e);
  const kind = name === 'PasswordException' ? 'encrypted' : name === 'InvalidPDFException' ? 'invalid' : 'failed';
  message = { ok: false, kind, message: text.split('\n')[0] ?? '' };
}
process.stdout.write(`${JSON.stringify(message)}\n`, () => process.exit(0));
