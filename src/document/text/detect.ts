/**
 * Which extractor's style a report text is in, and its reader:
 *
 * - pages separated by form feeds (pdftotext in its default, -layout and
 *   -raw modes, with or without running headers): text/paged.ts;
 * - no form feeds, page breaks marked by a space-led line (the source's own
 *   style, footnotes with or without their numbers): text/source.ts.
 */
import type { LineModel } from '../model.js';
import { readPaged } from './paged.js';
import { readSourceStyle } from './source.js';

export type TextStyle = 'paged' | 'source';

export function detectTextStyle(raw: string): TextStyle {
  const feeds = raw.match(/\f/gu)?.length ?? 0;
  return feeds >= 1 ? 'paged' : 'source';
}

export function readText(raw: string): LineModel {
  const text = raw.replace(/^\uFEFF/u, '');
  const lines = text.split(/\r\n|\n|\r/u);
  return detectTextStyle(text) === 'paged' ? readPaged(text, lines) : readSourceStyle(raw, lines);
}
