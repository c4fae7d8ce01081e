/**
 * Fuzz: 2,000 generated hostile questions (tests/fuzz/hostile.ts) through the
 * whole ask pipeline INCLUDING Discord rendering: the /ask answer view and
 * the reply to a mention (src/bot/views.ts → render/discord.ts → the payload
 * discord.js sends), every tenth also as "More passages" and as /search.
 *
 * - Nothing throws but the user-facing QuestionError, which renders as a
 *   one-line ephemeral message (/ask) or reply (mention).
 * - Every quote passes the verbatim check, and reaches the user verbatim:
 *   escaped in the embed, or whole in answer.md when the embed shortened it.
 * - No payload exceeds Discord's limits (limitViolations), every payload
 *   carries allowed_mentions.parse: [], and no text shows a live mention.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isVerbatim, type Quote } from '../../src/answer/answer.js';
import { QuestionError } from '../../src/answer/question.js';
import type { BotContext } from '../../src/bot/context.js';
import { stripBotMention } from '../../src/bot/events/messageCreate.js';
import { userMessage } from '../../src/bot/errors.js';
import { createBotContext } from '../../src/bot/bot.js';
import { ephemeralText, NO_PINGS } from '../../src/bot/reply.js';
import { answerView, searchView, type AnswerRequest } from '../../src/bot/views.js';
import type { AskResult, Engine } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/log/logger.js';
import { blockQuote, escapeText } from '../../src/render/discord.js';
import { renderAnswerText } from '../../src/render/terminal.js';
import { committedEngine } from '../helpers/engine.js';
import { expectSafe, wire, wireView } from './payloads.js';
import { hostileQuestions } from './hostile.js';

const COUNT = 2000;
const BOT_ID = '987654321098765432';
let engine: Engine;
let ctx: BotContext;

/** Engine.ask memoised by (question, options): the mention path asks the same as /ask, and only rendering differs. */
function memoised(target: Engine): Engine {
  const cache = new Map<string, Promise<AskResult>>();
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'ask') {
        return (q: string, o?: Parameters<Engine['ask']>[1]) => {
          const key = JSON.stringify([q, o ?? {}]);
          let hit = cache.get(key);
          if (!hit) {
            hit = t.ask(q, o);
            cache.set(key, hit);
          }
          return hit;
        };
      }
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

beforeAll(async () => {
  engine = memoised(await committedEngine());
  ctx = createBotContext({
    engines: { current: engine, busy: false, reindex: () => Promise.reject(new Error('not here')) },
    settings: { askChannelIds: [], adminUserIds: [], rateLimit: { questions: 5, windowSeconds: 30, channelQuestions: 20 } },
    log: silentLogger(),
    answerQueue: { concurrency: 1, maxQueued: 10 },
  });
});

function sourceOf(quote: Quote): string {
  const report = engine.report(quote.document);
  return (quote.footnote !== null ? report?.document.footnotes.find((f) => f.n === quote.footnote)?.text : report?.document.paragraphs.find((p) => p.id === quote.paragraphId)?.text) ?? '';
}

/** Renders one answer view; checks its payload, and that every quote reaches the user verbatim. */
async function renderChecked(req: AnswerRequest, where: string): Promise<AskResult> {
  const { view, result } = await answerView(ctx, engine, req);
  const body = wireView(view);
  expectSafe(body, where);
  expect(body.allowed_mentions, where).toEqual({ parse: [], replied_user: false });
  for (const quote of result.ranked) expect(isVerbatim(quote.text, sourceOf(quote)), `${where}: ${quote.chunkId}`).toBe(true);
  const description = view.embeds[0]?.description ?? '';
  const markdown = view.files.find((f) => f.name === 'answer.md');
  for (const quote of result.answer.quotes) {
    if (markdown) expect(String((markdown.attachment as Buffer).toString('utf8')), where).toContain(quote.text);
    else expect(description, where).toContain(blockQuote(escapeText(quote.text)));
  }
  return result;
}

/** The user-facing refusal, as /ask (ephemeral reply) and a mention (reply) send it. */
function checkRefusal(e: unknown, where: string): void {
  if (!(e instanceof QuestionError)) throw e;
  const text = userMessage(e) ?? '';
  expect(text.split('\n'), where).toHaveLength(1);
  const slash = wire(ephemeralText(text));
  expectSafe(slash, where);
  expect(slash.flags, where).toBe(64);
  expect(slash.content, where).toBe(text);
  expectSafe(wire({ content: text, allowedMentions: NO_PINGS }), where);
}

describe('fuzzing the ask pipeline through Discord rendering', () => {
  it('survives 2,000 hostile and odd questions: verbatim quotes, safe payloads, one-line refusals', async () => {
    const questions = hostileQuestions(COUNT, 7);
    let answered = 0;
    let rejected = 0;
    let quoted = 0;
    for (const [i, q] of questions.entries()) {
      const where = `#${i} ${JSON.stringify(q.slice(0, 80))}`;
      // /ask question:<q> (public, or private for every third).
      try {
        const result = await renderChecked({ question: q, offset: 0, report: undefined, ephemeral: i % 3 === 0 }, `/ask ${where}`);
        answered++;
        if (result.answer.quotes.length > 0) quoted++;
        expect(renderAnswerText(result.answer).length).toBeGreaterThan(0);
        if (i % 10 === 0) {
          await renderChecked({ question: q, offset: 3, report: undefined, ephemeral: false }, `more ${where}`);
          const quotes = await engine.search(q, { limit: 5 });
          expectSafe(wireView(searchView(engine, q, quotes)), `/search ${where}`);
        }
      } catch (e) {
        checkRefusal(e, `/ask ${where}`);
        rejected++;
      }
      // The same words in a message mentioning the bot.
      const asked = stripBotMention(`<@${BOT_ID}> ${q}`, BOT_ID);
      try {
        await renderChecked({ question: asked, offset: 0, report: undefined, ephemeral: false }, `mention ${where}`);
      } catch (e) {
        checkRefusal(e, `mention ${where}`);
      }
    }
    expect(answered + rejected).toBe(COUNT);
    expect(answered).toBeGreaterThan(200);
    expect(quoted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(200);
  }, 240_000);
});
