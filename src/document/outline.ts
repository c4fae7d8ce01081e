/** A readable plain-text outline of a Document, for the parse CLI. */
import type { Document } from './schema.js';

export function formatOutline(doc: Document): string {
  const out: string[] = [];
  out.push(doc.title, `${doc.pages} pages · ${doc.sections.length} sections · ${doc.paragraphs.length} paragraphs · ${doc.footnotes.length} footnotes`, '');
  const preamble = doc.paragraphs.filter((p) => p.sectionId === null).length;
  out.push('Sections');
  if (preamble > 0) out.push(`  (preamble)  ${preamble} ¶`);
  for (const s of doc.sections) {
    const count = doc.paragraphs.filter((p) => p.sectionId === s.id).length;
    out.push(`${'  '.repeat(s.level)}${s.heading}  ${count} ¶ · p. ${s.page}`);
  }
  out.push('', 'Footnotes');
  for (const f of doc.footnotes) {
    const words = f.text.split(/\s+/u).slice(0, 8).join(' ');
    out.push(`  [${f.n}] p. ${f.page} · ${f.paragraph ?? 'no marker'} · ${words}${f.text.split(/\s+/u).length > 8 ? ' …' : ''}`);
  }
  out.push('', doc.warnings.length === 0 ? 'Warnings: none' : `Warnings (${doc.warnings.length})`);
  for (const w of doc.warnings) out.push(`  - ${w}`);
  return out.join('\n');
}
