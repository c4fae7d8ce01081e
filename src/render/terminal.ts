/** Answer → plain text for a terminal: block quotes, citations, footnotes. */
import type { Answer, Quote } from '../answer/answer.js';

export function citationLine(q: Quote): string {
  const parts = [q.documentTitle, q.section, `p. ${q.page}`];
  if (q.footnote !== null) parts.push(`footnote ${q.footnote}`);
  else if (q.paragraph !== null) parts.push(`¶ ${q.paragraph}`);
  return parts.join(' · ');
}

export function renderAnswerText(answer: Answer): string {
  const out: string[] = [];
  if (answer.searchedFor) out.push(`Searched for: ${answer.searchedFor}`, '');
  if (!answer.answered) {
    out.push('The report does not answer this question.');
    if (answer.suggestions.length > 0) out.push('', 'Closest sections:', ...answer.suggestions.map((s) => `  - ${s}`));
    return out.join('\n');
  }
  for (const q of answer.quotes) {
    if (q.context) out.push(`In: “${q.context.text}”`);
    out.push(...q.text.split('\n').map((l) => `> ${l}`));
    out.push(`  — ${citationLine(q)}`);
    for (const f of q.footnotes) out.push(`  [${f.n}] ${f.text}`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
