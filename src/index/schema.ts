/**
 * On-disk format of index/: every file is validated by zod when loaded.
 *
 *   manifest.json   what built the index, from what, and file checksums
 *   documents.json  each report's metadata and parsed Document
 *   chunks.json     the chunk store (citations and sentence windows; texts come from documents.json)
 *   lexical.json    the BM25 index over chunk retrieval texts: terms and counts (see lexical.ts)
 *   lexical.bin     its field lengths and postings
 *   vectors.hnsw    the hnswlib-node index of chunk vectors (label = chunk position)
 *   sentence-rows.u32     every quotable sentence's vector number, in chunk-store order
 *   sentence-vectors.f16  the distinct sentence vectors, half precision (see vectors.ts)
 */
import { z } from 'zod';
import { DocumentSchema } from '../document/schema.js';
import { ReportMetaSchema } from '../corpus/corpus.js';
import { EmbedderFingerprintSchema } from '../embed/fingerprint.js';

export const INDEX_FORMAT = 3;

export const INDEX_FILES = ['manifest.json', 'documents.json', 'chunks.json', 'lexical.json', 'lexical.bin', 'vectors.hnsw', 'sentence-rows.u32', 'sentence-vectors.f16'] as const;
export type IndexFile = (typeof INDEX_FILES)[number];

export const ManifestSchema = z.strictObject({
  format: z.literal(INDEX_FORMAT),
  parserVersion: z.string(),
  chunkerVersion: z.string(),
  retrievalVersion: z.string(),
  /** The fingerprint of the embedder that made the vectors (embed/fingerprint.ts), and its key. */
  embedder: EmbedderFingerprintSchema.extend({ key: z.string().length(64) }),
  corpus: z.array(
    z.strictObject({
      id: z.string(),
      file: z.string(),
      sha256: z.string().length(64),
      metaSha256: z.string().length(64),
    }),
  ),
  counts: z.strictObject({
    reports: z.number().int().nonnegative(),
    sections: z.number().int().nonnegative(),
    paragraphs: z.number().int().nonnegative(),
    footnotes: z.number().int().nonnegative(),
    chunks: z.number().int().nonnegative(),
    sentences: z.number().int().nonnegative(),
    /** Distinct sentence vectors (sentences with the same text share one). */
    sentenceVectors: z.number().int().nonnegative(),
  }),
  hnsw: z.strictObject({ m: z.number().int(), efConstruction: z.number().int(), seed: z.number().int() }),
  /** sha256 of every other index file. */
  files: z.record(z.string(), z.string().length(64)),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const StoredReportSchema = z.strictObject({ meta: ReportMetaSchema, document: DocumentSchema });
export type StoredReport = z.infer<typeof StoredReportSchema>;
export const DocumentsFileSchema = z.array(StoredReportSchema);

export const StoredChunkSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['body', 'footnote']),
  /** Position of the report in documents.json. */
  report: z.number().int().nonnegative(),
  /** Paragraph index (0-based) in the report's Document, for a body chunk. */
  paragraph: z.number().int().nonnegative().nullable(),
  /** Footnote number, for a footnote chunk. */
  footnote: z.number().int().positive().nullable(),
  window: z.strictObject({ start: z.number().int().nonnegative(), end: z.number().int().positive() }),
  /** Row (in sentence-rows.u32) of the first sentence of the chunk's source (paragraph or footnote). */
  sentenceRow: z.number().int().nonnegative(),
  footnotes: z.array(z.number().int().positive()),
});
export type StoredChunk = z.infer<typeof StoredChunkSchema>;
export const ChunksFileSchema = z.array(StoredChunkSchema);
