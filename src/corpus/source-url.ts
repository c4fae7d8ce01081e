/**
 * A report's `sourceUrl`: the address of its official PDF. Checked at every
 * boundary it crosses (a metadata file, `add-report --source-url`, a PDF's
 * own metadata): an absolute http or https URL, no user name or password, no
 * control characters or whitespace, at most 2,048 characters. Rendering
 * (render/source-link.ts) serialises it again and encodes whatever could
 * read as Markdown; this module only decides what is accepted.
 */
import { z } from 'zod';

/** Longest sourceUrl accepted. */
export const MAX_SOURCE_URL_LENGTH = 2048;

/** The URL when `text` is an absolute http(s) URL fit to be a report's source; otherwise null. */
export function parseHttpUrl(text: string): URL | null {
  if (text.length === 0 || text.length > MAX_SOURCE_URL_LENGTH) return null;
  if (/[\p{Cc}\p{Cf}\s]/u.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url;
}

export const SourceUrlSchema = z
  .string()
  .max(MAX_SOURCE_URL_LENGTH, `must be at most ${MAX_SOURCE_URL_LENGTH} characters`)
  .refine((s) => parseHttpUrl(s) !== null, 'must be an absolute http:// or https:// URL without spaces, user name or password');

/**
 * Metadata fields of a PDF (as the extraction child reports them, see
 * document/pdf/child.mjs: "info:<key>", "info:Custom:<key>", "xmp:<name>")
 * that name the document's own address, most specific first. Only a field
 * holding one URL and nothing else counts: a title or a subject that
 * mentions an address is not the report's address.
 */
const URL_FIELDS: readonly RegExp[] = [
  /^info:Custom:(source[-_ ]?url|url|uri|source|web[-_ ]?address|link)$/iu,
  /^xmp:(dc:source|prism:url|dc:identifier|dc:relation|pdfx:(source[-_ ]?url|url|source))$/iu,
  /^info:Custom:/iu,
  /^xmp:/iu,
];

/** The first URL-valued field of a PDF's metadata, in the order of URL_FIELDS; undefined when none. */
export function sourceUrlFromPdfMetadata(metadata: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(metadata);
  for (const field of URL_FIELDS) {
    for (const [key, value] of entries) {
      if (!field.test(key)) continue;
      const candidate = value.trim();
      if (/^https?:\/\//iu.test(candidate) && SourceUrlSchema.safeParse(candidate).success) return candidate;
    }
  }
  return undefined;
}
