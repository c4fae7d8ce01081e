/**
 * Fuzz: 2,000 generated questions through the whole ask pipeline. Nothing
 * throws but the user-facing QuestionError; every quote is verbatim.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isVerbatim } from '../../src/answer/answer.js';
import { QuestionError } from '../../src/answer/question.js';
import type { Engine } from '../../src/engine/engine.js';
import { renderAnswerText } from '../../src/render/terminal.js';
import { committedEngine } from '../helpers/engine.js';
import { generateQuestions } from '../helpers/fuzz.js';

let engine: Engine;
beforeAll(async () => {
  engine = await committedEngine();
});

describe('fuzzing the ask pipeline', () => {
  it('survives 2,000 hostile and odd questions with only verbatim quotes', async () => {
    const questions = generateQuestions(2000, 7);
    let answered = 0;
    let rejected = 0;
    for (const q of questions) {
      try {
        const { answer, ranked } = await engine.ask(q);
        answered++;
        expect(renderAnswerText(answer).length).toBeGreaterThan(0);
        for (const quote of ranked) {
          const report = engine.report(quote.document);
          const source = quote.footnote !== null ? report?.document.footnotes.find((f) => f.n === quote.footnote)?.text : report?.document.paragraphs.find((p) => p.id === quote.paragraphId)?.text;
          expect(isVerbatim(quote.text, source ?? '')).toBe(true);
        }
      } catch (e) {
        if (!(e instanceof QuestionError)) throw e;
        expect(e.message.split('\n')).toHaveLength(1);
        rejected++;
      }
    }
    expect(answered + rejected).toBe(2000);
    expect(answered).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(200);
  }, 240_000);
});
