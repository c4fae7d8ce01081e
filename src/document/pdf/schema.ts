/**
 * What the PDF extraction child sends back: every text run of every page with
 * its position, size and font, and each font's name. Validated by zod when
 * it arrives (the child read an untrusted file).
 */
import { z } from 'zod';

export const RunSchema = z.strictObject({
  /** The run's text as pdf.js gives it. */
  s: z.string(),
  /** Left edge and baseline, in PDF points (y grows upwards). */
  x: z.number(),
  y: z.number(),
  /** Font size in points (the transform's vertical scale). */
  size: z.number(),
  /** Advance width in points. */
  w: z.number(),
  /** Font id, a key of `fonts`. */
  f: z.string(),
});
export type Run = z.infer<typeof RunSchema>;

export const PdfPageSchema = z.strictObject({
  width: z.number().positive(),
  height: z.number().positive(),
  runs: z.array(RunSchema),
});
export type PdfPage = z.infer<typeof PdfPageSchema>;

export const FontInfoSchema = z.strictObject({
  /** The font's PostScript name without its subset prefix, or "" when the PDF does not say. */
  name: z.string(),
  bold: z.boolean(),
  italic: z.boolean(),
});
export type FontInfo = z.infer<typeof FontInfoSchema>;

export const ExtractedPdfSchema = z.strictObject({
  pages: z.array(PdfPageSchema),
  fonts: z.record(z.string(), FontInfoSchema),
  /** The PDF's own metadata as text fields ("info:Title", "info:Custom:SourceURL", "xmp:dc:source"); see child.mjs. */
  metadata: z.record(z.string().max(300), z.string().max(4096)).default({}),
});
export type ExtractedPdf = z.infer<typeof ExtractedPdfSchema>;

/** The one line of JSON the child prints. */
export const ChildMessageSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), pdf: ExtractedPdfSchema }),
  z.strictObject({ ok: z.literal(false), kind: z.enum(['encrypted', 'invalid', 'failed']), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;
