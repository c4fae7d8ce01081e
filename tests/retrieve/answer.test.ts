import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerSchema, isVerbatim, toQuotes } from '../../src/answer/answer.js';
import { cleanQuestion, QuestionError } from '../../src/answer/question.js';
import type { Engine } from '../../src/engine/engine.js';
import { loadQuestions } from '../../src/eval/eval.js';
import { ROOT } from '../helpers/corpus.js';
import { committedEngine } from '../helpers/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await committedEngine();
});

describe('answers', () => {
  it('quotes one to three sentences verbatim, with citations and the footnotes they carry', async () => {
    const { answer } = await engine.ask('How many MPs asked the president to dissolve the Majilis?');
    expect(AnswerSchema.parse(answer).answered).toBe(true);
    const top = answer.quotes[0];
    expect(top?.text).toContain('an appeal by 53 deputies to dissolve the Majilis');
    expect(top?.section).toBe('PRELIMINARY FINDINGS › Background');
    expect(top?.page).toBe(3);
    expect(top?.paragraph).toBe(1);
    expect(top?.footnotes.map((f) => f.n)).toContain(1);
    expect(top?.footnotes[0]?.text).toMatch(/^According to the Constitution/u);
    for (const q of answer.quotes) {
      const sentences = q.text.split(/(?<=[.!?][”’)]*)\s+(?=[A-Z“(])/u).length;
      expect(sentences).toBeLessThanOrEqual(3);
    }
  });

  it('gives at most three passages with no overlapping quotes', async () => {
    const { answer } = await engine.ask('What did observers say about the counting of ballots?');
    expect(answer.quotes.length).toBeLessThanOrEqual(3);
    for (const [i, a] of answer.quotes.entries()) {
      for (const b of answer.quotes.slice(i + 1)) {
        if (a.paragraphId === b.paragraphId && a.footnote === b.footnote) {
          expect(a.text.includes(b.text) || b.text.includes(a.text)).toBe(false);
        }
      }
    }
  });

  it('quotes every answer of the dev set verbatim from its paragraph or footnote', async () => {
    for (const q of loadQuestions(`${ROOT}tests/fixtures/questions.dev.json`)) {
      const { ranked } = await engine.ask(q.question, { k: 10 });
      for (const quote of ranked) {
        const report = engine.report(quote.document);
        const source =
          quote.footnote !== null
            ? report?.document.footnotes.find((f) => f.n === quote.footnote)?.text
            : report?.document.paragraphs.find((p) => p.id === quote.paragraphId)?.text;
        expect(isVerbatim(quote.text, source ?? ''), quote.text).toBe(true);
      }
    }
  });

  it('abstains with the three closest sections when the report does not answer', async () => {
    const { answer } = await engine.ask('How many observers did SAILAU deploy?');
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(answer.suggestions.length).toBeGreaterThan(0);
    expect(answer.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('drops a quote that is not verbatim, and says so', () => {
    const chunk = engine.index.chunks[0];
    if (!chunk) throw new Error('no chunk');
    const dropped: string[] = [];
    const quotes = toQuotes(
      [{ chunk, start: 0, end: 1, text: `${chunk.text} (repaired)`, score: 1, best: undefined as never }],
      engine.reports,
      (quote) => dropped.push(quote),
    );
    expect(quotes).toEqual([]);
    expect(dropped).toHaveLength(1);
  });

  it('checks quotes verbatim up to whitespace, found as they stand or only once collapsed', () => {
    const source = 'The CEC met  weekly.\nIt held\n sessions in public. Observers attended.';
    expect(isVerbatim('It held\n sessions in public.', source)).toBe(true); // as it stands
    expect(isVerbatim('  met  weekly.', source)).toBe(true); // ends trimmed
    expect(isVerbatim('met weekly. It held sessions', source)).toBe(true); // only collapsed
    expect(isVerbatim('It held sessions in private.', source)).toBe(false);
    expect(isVerbatim('met weekly.It held', source)).toBe(false); // a space is not nothing
    expect(isVerbatim(' \n ', source)).toBe(false);
  });

  it('pages through more passages with an offset', async () => {
    const first = await engine.ask('complaints to the CEC', { k: 3 });
    const next = await engine.ask('complaints to the CEC', { k: 3, offset: 3 });
    expect(next.answer.quotes.map((q) => q.text)).not.toContain(first.answer.quotes[0]?.text);
  });
});

describe('bad questions', () => {
  it.each([
    ['', /empty/u],
    ['   \n\t ', /empty/u],
    ['x'.repeat(1001), /too long/u],
    ['🗳️🗳️🗳️', /no words/u],
    ['\u0000\u0007\u200b', /empty/u],
    ['<@123456789012345678> @everyone', /empty/u],
  ])('rejects %j with a clear message', (q, message) => {
    expect(() => cleanQuestion(q)).toThrow(QuestionError);
    expect(() => cleanQuestion(q)).toThrow(message);
  });

  it('keeps the words of a question with mentions and control characters', () => {
    expect(cleanQuestion('<@123456789012345678>  what\u200b was the\nturnout?')).toBe('what was the turnout?');
  });

  it('composes accents, drops the combining marks left over (zalgo), and keeps at most two of another script’s', () => {
    expect(cleanQuestion(`t${'\u0336\u0301\u0308\u0310\u0352'.repeat(20)}urnout?`)).toBe('turnout?');
    const hindi = cleanQuestion(`मतदान${'\u093e\u0947'.repeat(10)} कितना था?`);
    expect(hindi).toBe('मतदान\u093e\u0947 कितना था?');
    expect(cleanQuestion('Who is Mikl\u006f\u0301s Haraszti?')).toBe('Who is Miklós Haraszti?');
    expect(cleanQuestion('Việt Nam?')).toBe('Việt Nam?');
  });
});
