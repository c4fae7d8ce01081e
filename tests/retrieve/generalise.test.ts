/**
 * Answers that hold on questions nobody tuned for: case, typos, a figure
 * about another election, a name the report never gives, a count with the
 * wrong predicate, footnotes in their place, evaluative questions. Every
 * quote is verbatim.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isVerbatim } from '../../src/answer/answer.js';
import type { Engine } from '../../src/engine/engine.js';
import { committedEngine } from '../helpers/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await committedEngine();
});

const top = async (q: string): Promise<string> => (await engine.ask(q)).answer.quotes[0]?.text ?? '(abstained)';

describe('questions nobody tuned for', () => {
  it('case does not change the answer, and the turnout of these elections comes before the 2007 figure', async () => {
    const answers = await Promise.all(['What was the turnout?', 'what was the turnout?', 'WHAT WAS THE TURNOUT?'].map(top));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('A turnout of 75 per cent');
  });

  it('shows, after the best quote, only quotes that hold the figure asked for beside a word of the question', async () => {
    const { answer, ranked } = await engine.ask('What was the turnout?');
    expect(answer.quotes.length).toBeGreaterThan(0);
    for (const q of answer.quotes) expect(q.text).toMatch(/turnout.*(per cent|%)/iu);
    // Other shares (of polling stations visited, of positive assessments) wait behind "More passages" with the rest.
    expect(ranked.some((q) => /per cent/u.test(q.text) && !/turnout/iu.test(q.text))).toBe(true);
    expect(ranked.length).toBeGreaterThan(answer.quotes.length);
    // "voter turnout": the share stands beside "turnout", the question's rarest word, not beside any word ("voters … 5.6 per cent").
    const typo = await engine.ask('waht was the votr turnuot');
    expect(typo.answer.quotes.length).toBeGreaterThan(0);
    for (const q of typo.answer.quotes) expect(q.text).toMatch(/turnout.*(per cent|%)/iu);
    // A word no share in the report stands beside ("everyone") is not what the share is of.
    expect(await top('so what was the turnout, everyone?')).toContain('A turnout of 75 per cent');
    const suspended = await engine.ask('when was the Communist Party suspended?');
    expect(suspended.answer.quotes.length).toBeGreaterThan(1);
  });

  it('asked about the previous elections, the 2007 figure answers', async () => {
    const { answer } = await engine.ask('what was the turnout in the previous parliamentary elections?');
    expect(answer.quotes.slice(0, 2).some((q) => q.text.includes('68.4 per cent'))).toBe(true);
  });

  it('asked when, a date in another year is the answer asked for, not a figure about another time', async () => {
    expect(await top('When were the sitting election commissions appointed?')).toContain('April 2009');
  });

  it('a pointer ("See press release … at http://…") states nothing: it is quoted only when the question asks where to look', async () => {
    expect(await top('how would they rate the media climate overall?')).not.toMatch(/^See /u);
    expect(await top('where can I read the RFoM press release?')).toMatch(/^See press release/u);
  });

  it('when the body and a footnote both answer, the body sentence carrying the marker comes first', async () => {
    const { answer } = await engine.ask('when did a court suspend the communists?');
    expect(answer.quotes[0]?.text).toContain('The Communist Party of Kazakhstan was suspended by a court in October 2011');
    expect(answer.quotes.some((q) => q.text.includes('4 October 2011'))).toBe(true);
  });

  it('a share of what had something is the share beside that something, and a sentence holding it leads', async () => {
    expect(await top('what % of polling stations had group voting')).toContain('group voting (7.5 per cent)');
  });

  it('asked how many polling stations observers visited, the count of those they observed comes first, not where party or domestic observers were, nor where observers were restricted', async () => {
    // "poling" is an English word, but "polling stations" is the corpus's phrase: the context corrects it.
    for (const question of ['How many polling stations did observers visit?', 'How many poling stations did observers vist?']) {
      const { answer } = await engine.ask(question);
      expect(answer.quotes[0]?.text, question).toContain('1,173 polling stations');
    }
  });

  it('asked what an acronym stands for, the sentence that spells it out comes first', async () => {
    expect(await top('what does REC stand for?')).toMatch(/Regional Election Commissions \(RECs\)/u);
    expect(await top('What does APK stand for?')).toContain('Assembly of the People of Kazakhstan (APK)');
  });

  it('a name that shares a word with the report\'s own publisher ("Council" of Europe) is still a name the answer must give', async () => {
    const { answer } = await engine.ask('On what date does the Constitutional Council certify the results?');
    expect(answer.answered).toBe(false);
  });

  it('a figure in a footnote on what changed since the last elections is about now, not about another election', async () => {
    expect(await top('how many members does a party need now to get registered?')).toContain('from 50,000 to 40,000');
  });

  it('corrects typos against the corpus and says what it searched for', async () => {
    const { answer } = await engine.ask('How many poling stations did observers vist?');
    expect(answer.answered).toBe(true);
    expect(answer.searchedFor).toBe('How many polling stations did observers visit?');
    const z = await engine.ask('Zhanaozhen');
    expect(z.answer.searchedFor).toBe('Zhanaozen');
    expect(z.answer.quotes[0]?.text).toContain('Zhanaozen');
    const t = await engine.ask('waht was the votr turnuot');
    expect(t.answer.answered).toBe(true);
    expect(t.answer.searchedFor).toBe('what was the voter turnout');
  });

  it('a question well spelt has no "searched for"', async () => {
    expect((await engine.ask('What was the turnout?')).answer.searchedFor).toBeUndefined();
  });

  it('abstains when asked for a name the report never gives', async () => {
    expect((await engine.ask("What's the name of the CEC chairperson?")).answer.answered).toBe(false);
    expect((await engine.ask('who is the CEC chairperson?')).answer.answered).toBe(false);
    // "Election" in "Head of the … Election Observation Mission" is not the Central Election Commission: an acronym's
    // spelt-out name stands in a sentence only as a whole.
    expect((await engine.ask('Who is the head of the CEC?')).answer.answered).toBe(false);
    expect((await engine.ask('Who chairs the CEC?')).answer.answered).toBe(false);
    const mission = await engine.ask('who leads the mission');
    expect(mission.answer.answered).toBe(true);
    expect(mission.answer.quotes.slice(0, 2).some((q) => q.text.includes('Miklós Haraszti'))).toBe(true);
  });

  it('abstains when the count asked has another predicate ("injured" is not "died")', async () => {
    expect((await engine.ask('How many people were injured in Zhanaozen?')).answer.answered).toBe(false);
    const died = await engine.ask('How many people died in Zhanaozen?');
    expect(died.answer.answered).toBe(true);
  });

  it('abstains when a count is asked of a body named in several words that no sentence holding a count names', async () => {
    const { answer } = await engine.ask('How many observers did the Shanghai Cooperation Organisation send?');
    expect(answer.answered).toBe(false);
    expect(answer.reason).toMatch(/no passage holds the count asked for/u);
    const cec = await engine.ask('How many complaints did the Central Election Commission receive before election day?');
    expect(cec.answer.quotes[0]?.text).toContain('the CEC had received 52 complaints');
  });

  it('asked what someone said, quotes them saying it, and abstains where the report gives no words of theirs', async () => {
    const cec = await engine.ask('what did the CEC say about other parties being probed?');
    expect(cec.answer.quotes[0]?.text).toMatch(/^The CEC confirmed that no other parties/u);
    const mfa = await engine.ask('How did the Ministry of Foreign Affairs respond to the findings?');
    expect(mfa.answer.answered).toBe(false);
    expect(mfa.answer.reason).toMatch(/no passage holds the statement asked for/u);
    // Their words about what was asked: said in the sentence or the one before it, not about something else.
    expect(await top('What did Nur Otan say about Zhanaozen?')).toMatch(/^Nur Otan publicly stated/u);
    expect(await top('what did the Rukhaniyat leadership say about their deregistration?')).toMatch(/^The Rukhaniyat leadership stated/u);
    const other = await engine.ask('What did the Rukhaniyat leadership say about the observers?');
    expect(other.answer.answered).toBe(false);
  });

  it('asked who won, abstains where no passage gives a result (a preliminary statement has none); "won\'t" asks nothing of the kind', async () => {
    for (const q of ['Who won?', 'which party won the most seats?', 'did Nur Otan win?']) {
      const { answer } = await engine.ask(q);
      expect(answer.answered, q).toBe(false);
      // "Who won?" alone rests wholly on a word the report never uses, and is refused for that first.
      expect(answer.reason, q).toMatch(/^(no passage says who won|the report never mentions won)$/u);
    }
    const { answer } = await engine.ask("is it a problem that results won't be published per polling station?");
    expect(answer.answered).toBe(true);
  });

  it('a name of English words that no sentence uses together is one the report never mentions; in another order it is known', async () => {
    for (const [q, name] of [['How many of the observers came from the United Kingdom?', 'United Kingdom'], ['What did the Security Council decide?', 'Security Council']] as const) {
      const { answer } = await engine.ask(q);
      expect(answer.answered, q).toBe(false);
      expect(answer.reason).toBe(`the report never mentions ${name}`);
    }
    // "Ministry of Justice", "the Assembly of the People of Kazakhstan".
    for (const q of ['Did the Justice Ministry register new parties?', 'Was the Assembly of the People involved?']) expect((await engine.ask(q)).answer.answered, q).toBe(true);
    // Written in lower case, the words are only words: weighed as any others.
    expect((await engine.ask('How many of the observers came from the united kingdom?')).answer.reason).not.toBe('the report never mentions United Kingdom');
  });

  it('small talk is not answered from sentences sharing a word with it ("The observers wish to thank…")', async () => {
    const { answer } = await engine.ask('ok thanks');
    expect(answer).toMatchObject({ answered: false, smallTalk: true, quotes: [] });
    expect((await engine.ask('thanks, and what was the turnout?')).answer.answered).toBe(true);
  });

  it('abstains on questions about something else entirely', async () => {
    for (const q of ['Who won the football world cup?', 'how do I bake bread?', 'Who is Vladimir Putin?']) expect((await engine.ask(q)).answer.answered, q).toBe(false);
  });

  it('finds the assessment for an evaluative question', async () => {
    const { answer } = await engine.ask('What went wrong on election day?');
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.section).toMatch(/Election Day/u);
  });

  it('a footnote quote carries the body sentence that holds its marker, verbatim', async () => {
    const { ranked } = await engine.ask('what was the turnout in 2007?', { k: 10 });
    const note = ranked.find((q) => q.footnote !== null);
    expect(note?.context?.text).toMatch(/2007/u);
    const report = engine.report(note?.document);
    const para = report?.document.paragraphs.find((p) => p.id === note?.context?.paragraphId);
    expect(isVerbatim(note?.context?.text ?? 'x', para?.text ?? '')).toBe(true);
  });

  it('every quote and context is verbatim', async () => {
    for (const q of ['who appoints the CEC?', 'was the campaign fair?', 'what happened in zhanaozen', 'were websites blocked?']) {
      const { ranked } = await engine.ask(q, { k: 10 });
      for (const quote of ranked) {
        const report = engine.report(quote.document);
        const source = quote.footnote !== null ? report?.document.footnotes.find((f) => f.n === quote.footnote)?.text : report?.document.paragraphs.find((p) => p.id === quote.paragraphId)?.text;
        expect(isVerbatim(quote.text, source ?? '')).toBe(true);
      }
    }
  });
});
