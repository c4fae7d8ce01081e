/**
 * Feedback through the fake Discord with the real discord.js client: 👍
 * records a line without the user id, 👎 opens the "What was wrong?" modal
 * and its submission records the reason, a second vote is refused, an
 * expired answer is read back from its message, and the store round-trips
 * into an eval question set that the eval's own loader accepts.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { isVerbatim } from '../../src/answer/answer.js';
import { catalogOf } from '../../src/bot/catalog.js';
import { parseCustomId } from '../../src/bot/custom-id.js';
import {
  ALREADY_RATED_MESSAGE,
  COMMENT_FIELD,
  MODAL_TITLE,
  REASON_FIELD,
  THANKS_DOWN_MESSAGE,
  THANKS_UP_MESSAGE,
  TOO_OLD_MESSAGE,
  unescapeText,
} from '../../src/bot/feedback/index.js';
import type { Engine } from '../../src/engine/engine.js';
import { loadConfig } from '../../src/config/config.js';
import { evaluate, loadQuestions } from '../../src/eval/eval.js';
import { exportFeedback } from '../../src/feedback/export.js';
import { FeedbackRecordSchema, REASONS, type FeedbackRecord } from '../../src/feedback/record.js';
import { FeedbackError, FeedbackStore, loadOrCreateSecret, MAX_LINE_BYTES, malformedNote, readFeedback, recordLine } from '../../src/feedback/store.js';
import { indexVersion } from '../../src/metrics/metrics.js';
import { escapeText } from '../../src/render/discord.js';
import type { InteractionHandle } from '../fake-discord/index.js';
import { button, buttonsOf, contentOf, EPHEMERAL, expectAllPayloadsSafe, fixedEngines, flagsOf, openTestEngine, runScriptAsync, startHarness, stopHarness, type Harness } from './harness.js';

const QUESTION = 'How many polling stations were observed?';
const UNANSWERED = 'What was the budget of the CEC?';

let engine: Engine;
let h: Harness;
let tmp: string;
let file: string;
const users: APIUser[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'verbatim-feedback-'));
  file = join(tmp, 'store', 'feedback.jsonl');
  engine = await openTestEngine();
  h = await startHarness({ engines: fixedEngines(engine), env: () => ({ DATA_DIR: join(tmp, 'data'), FEEDBACK_FILE: file }) });
});

afterAll(async () => {
  await stopHarness(h, engine);
  rmSync(tmp, { recursive: true, force: true });
});

const user = (): APIUser => {
  const u = h.user('rater');
  users.push(u);
  return u;
};
const click = (customId: string, u: APIUser): Promise<InteractionHandle> => h.fake.sendInteraction({ kind: 'button', customId, user: u });
const lines = (): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const records = (): FeedbackRecord[] => lines().map((l) => FeedbackRecordSchema.parse(JSON.parse(l)));

async function ephemeralReply(ix: InteractionHandle): Promise<string> {
  const cb = await ix.callback();
  expect(cb.body).toMatchObject({ type: 4 });
  expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
  return contentOf(cb.body);
}

/** Asks, and returns the answer message's body. */
async function ask(question: string): Promise<unknown> {
  const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question }, user: user() });
  return (await ix.editOriginal()).body;
}

describe('feedback buttons', () => {
  let answer: unknown;

  beforeAll(async () => {
    answer = await ask(QUESTION);
  });

  it('every answer gets 👍 and 👎 after its other buttons, with zod-parsed ids under 100 characters', async () => {
    const labels = buttonsOf(answer).map((b) => b.label);
    expect(labels.slice(-2)).toEqual(['👍', '👎']);
    for (const b of buttonsOf(answer).slice(-2)) {
      expect(b.custom_id.length).toBeLessThanOrEqual(100);
      expect(parseCustomId(b.custom_id)).toMatchObject({ kind: 'vote', answered: true });
    }
    const abstention = await ask(UNANSWERED);
    expect(buttonsOf(abstention).map((b) => b.label).slice(-2)).toEqual(['👍', '👎']);
    expect(parseCustomId(button(abstention, '👍').custom_id)).toMatchObject({ kind: 'vote', vote: 'up', answered: false });
  });

  it('👍 records one line at once, with the question, the quotes shown and the index version, but no user id', async () => {
    const rater = user();
    const text = await ephemeralReply(await click(button(answer, '👍').custom_id, rater));
    expect(text).toBe(THANKS_UP_MESSAGE);
    const [r] = records();
    const expected = (await engine.ask(QUESTION)).answer;
    expect(r).toMatchObject({ vote: 'up', reason: null, comment: null, question: QUESTION, answered: true, restored: false, index: indexVersion(engine.index.manifest) });
    expect(r?.quotes.map((q) => q.text)).toEqual(expected.quotes.map((q) => q.text));
    expect(r?.quotes[0]).toMatchObject({ report: expected.quotes[0]?.document, chunkId: expected.quotes[0]?.chunkId, page: expected.quotes[0]?.page, paragraph: expected.quotes[0]?.paragraph });
    for (const q of r?.quotes ?? []) expect(isVerbatim(q.text, catalogOf(engine).chunk(q.chunkId)?.sourceText ?? '')).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(rater.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The secret was generated once, whole, mode 0600, beside the other stores in DATA_DIR.
    const secretFile = join(tmp, 'data', 'feedback.secret');
    expect(readFileSync(secretFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/u);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
  });

  it('a second vote on the same answer, 👍 or 👎, is refused and records nothing', async () => {
    const rater = user();
    expect(await ephemeralReply(await click(button(answer, '👍').custom_id, rater))).toBe(THANKS_UP_MESSAGE);
    const before = lines().length;
    expect(await ephemeralReply(await click(button(answer, '👍').custom_id, rater))).toBe(ALREADY_RATED_MESSAGE);
    expect(await ephemeralReply(await click(button(answer, '👎').custom_id, rater))).toBe(ALREADY_RATED_MESSAGE);
    expect(lines()).toHaveLength(before);
    // The same user on another answer may vote again.
    const other = await ask(QUESTION);
    expect(await ephemeralReply(await click(button(other, '👍').custom_id, rater))).toBe(THANKS_UP_MESSAGE);
    const keys = records().map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('👎 opens the "What was wrong?" modal; its submission records the reason and the comment', async () => {
    const rater = user();
    const ix = await click(button(answer, '👎').custom_id, rater);
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 9 });
    const modal = ix.modal() as { custom_id: string; title: string; components: { type: number; label: string; component: { type: number; custom_id: string; options?: { value: string; label: string }[]; max_length?: number; required?: boolean } }[] };
    expect(modal.title).toBe(MODAL_TITLE);
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.custom_id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(modal.custom_id)).toMatchObject({ kind: 'voteReason', answered: true });
    expect(modal.components.map((c) => [c.type, c.component.type, c.component.custom_id])).toEqual([
      [18, 3, REASON_FIELD],
      [18, 4, COMMENT_FIELD],
    ]);
    expect(modal.components[0]?.component.options?.map((o) => o.value)).toEqual([...REASONS]);
    for (const c of modal.components) expect(c.label.length).toBeLessThanOrEqual(45);
    expect(modal.components[1]?.component).toMatchObject({ required: false, max_length: 300 });
    expect(lines().some((l) => l.includes('"down"'))).toBe(false);

    const comment = 'The turnout is about @everyone <@123456789012345678>';
    const sub = await h.fake.sendInteraction({ kind: 'modal', customId: modal.custom_id, user: rater, values: { [REASON_FIELD]: ['wrong-quote'], [COMMENT_FIELD]: comment } });
    expect(await ephemeralReply(sub)).toBe(THANKS_DOWN_MESSAGE);
    const down = records().filter((r) => r.vote === 'down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ reason: 'wrong-quote', comment, question: QUESTION, answered: true });
    expect(readFileSync(file, 'utf8')).not.toContain(rater.id);

    // The same modal submitted again (a second tab) is refused.
    const again = await h.fake.sendInteraction({ kind: 'modal', customId: modal.custom_id, user: rater, values: { [REASON_FIELD]: ['other'] } });
    expect(await ephemeralReply(again)).toBe(ALREADY_RATED_MESSAGE);
    expect(records().filter((r) => r.vote === 'down')).toHaveLength(1);
  });

  it('rates abstentions too', async () => {
    const abstention = await ask(UNANSWERED);
    const rater = user();
    expect(await ephemeralReply(await click(button(abstention, '👍').custom_id, rater))).toBe(THANKS_UP_MESSAGE);
    expect(records().at(-1)).toMatchObject({ vote: 'up', question: UNANSWERED, answered: false, quotes: [] });
  });

  it('after the answer state is gone (a restart), reads the answer back from the message, verbatim, or says it is too old', async () => {
    const fresh = await ask(QUESTION);
    h.bot.ctx.feedback?.answers.deleteWhere(() => true);
    const rater = user();
    expect(await ephemeralReply(await click(button(fresh, '👍').custom_id, rater))).toBe(THANKS_UP_MESSAGE);
    const r = records().at(-1);
    const top = (await engine.ask(QUESTION)).answer.quotes[0];
    expect(r).toMatchObject({ restored: true, question: QUESTION, answered: true });
    expect(r?.quotes[0]).toMatchObject({ text: top?.text, chunkId: top?.chunkId });
    for (const q of r?.quotes ?? []) expect(isVerbatim(q.text, catalogOf(engine).chunk(q.chunkId)?.sourceText ?? '')).toBe(true);

    // A button on a message that does not carry this answer (here a fabricated one) cannot be rated.
    const lost = await click('f|u|1|abcdefghij', user());
    expect(await ephemeralReply(lost)).toBe(TOO_OLD_MESSAGE);
  });

  it('sent only payloads within Discord\'s limits, never pinging', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThan(5);
  });

  it('no user id or name is anywhere in the store', () => {
    const text = readFileSync(file, 'utf8');
    expect(users.length).toBeGreaterThan(5);
    for (const u of users) {
      expect(text).not.toContain(u.id);
      expect(text).not.toContain(`"${u.username}"`);
    }
  });
});

describe('export to an eval question set', () => {
  it('round-trips: the eval loader accepts it; 👍 answers get their top quote as gold, 👎 ones are marked for review and not scored', async () => {
    const out = join(tmp, 'exported.json');
    const result = exportFeedback(file, out);
    expect(result.review).toBe(1);
    const questions = loadQuestions(out);
    expect(questions).toHaveLength(2);
    const byQuestion = new Map(questions.map((q) => [q.question, q]));
    // QUESTION had a 👎: for review, with the reason and the comment in the note.
    expect(byQuestion.get(QUESTION)).toMatchObject({ needsReview: true, answers: [], kind: 'feedback' });
    expect(byQuestion.get(QUESTION)?.review).toMatch(/A quote is wrong/u);
    // UNANSWERED had only a 👍 on its abstention: unanswerable gold.
    expect(byQuestion.get(UNANSWERED)).toMatchObject({ answers: [], kind: 'feedback' });
    expect(byQuestion.get(UNANSWERED)?.needsReview).toBeUndefined();
    const report = await evaluate(engine, questions);
    expect(report.needsReview).toEqual([byQuestion.get(QUESTION)?.id]);
    expect(report.questions).toBe(1);
    expect(report.abstention.truePositives).toBe(1);
  });

  it('a 👍-only answered question gets its top quote as gold, which the eval finds at rank 1', async () => {
    const good = records().filter((r) => r.question === QUESTION && r.vote === 'up');
    const only = join(tmp, 'only-up.jsonl');
    writeFileSync(only, good.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(tmp, 'only-up.json');
    exportFeedback(only, out);
    const [q] = loadQuestions(out);
    expect(q?.answers).toEqual([(await engine.ask(QUESTION)).answer.quotes[0]?.text]);
    const report = await evaluate(engine, loadQuestions(out));
    expect(report.results[0]?.rank).toBe(1);
  });

  it('npm run feedback -- export writes the file, then refuses to overwrite it (one line, exit 2), and reports malformed lines', async () => {
    const copy = join(tmp, 'with-bad-lines.jsonl');
    writeFileSync(copy, readFileSync(file));
    appendFileSync(copy, 'not json\n{"v":1,"vote":"sideways"}\n');
    const out = join(tmp, 'cli.json');
    const first = await runScriptAsync('feedback', ['export', '--in', copy, '--out', out]);
    expect(first.stderr.trim()).toMatch(/^warning: .*skipped 2 malformed lines \(lines \d+, \d+\)$/u);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^wrote 2 questions \(1 marked needsReview\) from \d+ votes to /u);
    expect(loadQuestions(out)).toHaveLength(2);
    const before = readFileSync(out, 'utf8');
    const second = await runScriptAsync('feedback', ['export', '--in', copy, '--out', out]);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toEqual([expect.stringMatching(/already exists/u)]);
    expect(readFileSync(out, 'utf8')).toBe(before);
    const none = await runScriptAsync('feedback', ['export', '--in', join(dirname(copy), 'never-rated.jsonl'), '--out', `${out}.2`]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^error: there is no feedback store at .*never-rated\.jsonl yet/mu);
    const help = await runScriptAsync('feedback', ['export', '--help']);
    expect(help.stdout).toMatch(/--out <file>/u);
  });
});

describe('the store', () => {
  const sample = (over: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
    v: 1,
    time: new Date(0).toISOString(),
    answerId: 'abcdefghij',
    key: 'a'.repeat(64),
    vote: 'up',
    reason: null,
    comment: null,
    question: 'q?',
    answered: true,
    quotes: [],
    index: 'x',
    restored: false,
    ...over,
  });

  it('reading skips and reports malformed lines (one line), never throws on content', () => {
    const f = join(tmp, 'malformed.jsonl');
    writeFileSync(f, `${JSON.stringify(sample())}\n{broken\n\n${JSON.stringify({ ...sample(), vote: 'maybe' })}\n${JSON.stringify(sample({ key: 'b'.repeat(64) }))}`);
    const read = readFeedback(f);
    expect(read.records).toHaveLength(2);
    expect(read.malformed).toEqual([2, 4]);
    expect(read.tornTail).toBe(true);
    expect(malformedNote(f, read)).toBe(`${f}: skipped 2 malformed lines (lines 2, 4)`);
    expect(readFeedback(join(tmp, 'missing.jsonl')).records).toEqual([]);
  });

  it('a FIFO in place of the store or the secret is refused in one line, without hanging', () => {
    const fifo = join(tmp, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    expect(() => readFeedback(fifo)).toThrow(FeedbackError);
    expect(() => readFeedback(fifo)).toThrow(/not a regular file/u);
    expect(() => loadOrCreateSecret(fifo)).toThrow(/not a regular file/u);
  });

  it('appends after a torn last line without joining it, and dedupes against what is on file', () => {
    const f = join(tmp, 'torn.jsonl');
    writeFileSync(f, `${JSON.stringify(sample())}\n{"v":1,"tor`);
    const notes: string[] = [];
    const store = new FeedbackStore({ file: f, secret: 'x'.repeat(16), secretFile: join(tmp, 'unused.secret') }, (n) => notes.push(n));
    expect(store.record(sample())).toBe('duplicate');
    expect(store.record(sample({ key: 'c'.repeat(64) }))).toBe('recorded');
    expect(notes).toHaveLength(1);
    const read = readFeedback(f);
    expect(read.records.map((r) => r.key)).toEqual(['a'.repeat(64), 'c'.repeat(64)]);
    expect(read.malformed).toEqual([2]);
    // FEEDBACK_SECRET set: no secret file is made.
    expect(() => statSync(join(tmp, 'unused.secret'))).toThrow();
    expect(store.keyFor('123', 'abcdefghij')).toMatch(/^[0-9a-f]{64}$/u);
    expect(store.keyFor('123', 'abcdefghij')).not.toBe(store.keyFor('124', 'abcdefghij'));
  });

  it('keeps every line under PIPE_BUF, shortening quotes as verbatim prefixes', () => {
    const long = 'Ж'.repeat(590);
    const big = sample({ question: 'q'.repeat(1000), comment: 'c'.repeat(300), quotes: Array.from({ length: 5 }, (_, i) => ({ text: long, truncated: false, report: 'r', chunkId: `r#p${i}`, section: 'S', page: 1, paragraph: 1, footnote: null })) });
    const line = recordLine(big);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    const back = FeedbackRecordSchema.parse(JSON.parse(line));
    for (const q of back.quotes) expect(long.startsWith(q.text) && q.truncated).toBe(true);
  });

  it('the generated secret is never overwritten, and a malformed one is refused in one line', () => {
    const s = join(tmp, 'secrets', 'feedback.secret');
    const first = loadOrCreateSecret(s);
    expect(loadOrCreateSecret(s)).toBe(first);
    writeFileSync(s, 'short\n');
    expect(() => loadOrCreateSecret(s)).toThrow(/is not a feedback secret .* never overwritten/u);
    expect(readFileSync(s, 'utf8')).toBe('short\n');
  });

  it('a store that cannot be written says so (readiness) and its append throws, never half-writes', () => {
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    const store = new FeedbackStore({ file: join(blocker, 'feedback.jsonl'), secret: 'x'.repeat(16), secretFile: join(tmp, 'unused2.secret') });
    expect(store.problem()).toBe(`the feedback store ${join(blocker, 'feedback.jsonl')} is not writable`);
    expect(() => store.record(sample())).toThrow();
    expect(new FeedbackStore({ file, secret: undefined, secretFile: join(tmp, 's') }).problem()).toBeNull();
  });

  it('config: FEEDBACK_FILE defaults to <DATA_DIR>/feedback.jsonl; a short FEEDBACK_SECRET is named, never echoed', () => {
    const c = loadConfig({ DATA_DIR: '/srv/state' }, { dotenv: false, sections: ['feedback'] });
    expect(c.feedback).toEqual({ file: '/srv/state/feedback.jsonl', secret: undefined, secretFile: '/srv/state/feedback.secret' });
    expect(loadConfig({ FEEDBACK_FILE: '/x/f.jsonl', FEEDBACK_SECRET: 's'.repeat(16) }, { dotenv: false, sections: ['feedback'] }).feedback).toMatchObject({ file: '/x/f.jsonl', secret: 's'.repeat(16) });
    expect(() => loadConfig({ FEEDBACK_SECRET: 'hunter2' }, { dotenv: false, sections: ['feedback'] })).toThrow(/^FEEDBACK_SECRET is invalid: must be at least 16 characters/u);
    try {
      loadConfig({ FEEDBACK_SECRET: 'hunter2' }, { dotenv: false, sections: ['feedback'] });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('unescapeText undoes the embed escaping of a question', () => {
    for (const q of ['What is *the* _turnout_ in #1?', '1. @everyone <@123456789012345678> ~~x~~ `code` [a](b)', 'plain']) expect(unescapeText(escapeText(q))).toBe(q);
  });
});
