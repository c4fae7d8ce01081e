/**
 * The load benchmark (`npm run bench -- --load`, and tests/reliability): the
 * real Bot, in-process, against the fake Discord of tests/fake-discord, with
 * a burst of `/ask` interactions (default 200 within one second, each from
 * its own user so the per-user rate limit does not interfere, and the
 * per-channel answer cap raised out of the way: it would turn most answers
 * private, which measures the limit rather than the pipeline).
 *
 * Measured per interaction, on the fake's clock from the moment the gateway
 * dispatched it: the acknowledgement (the interaction callback, which the fake
 * refuses after 3 s) and the answer (the PATCH of @original). Across the burst:
 * the event-loop delay (`perf_hooks.monitorEventLoopDelay`; Node records the
 * whole interval between its timer's ticks, so the figures include the
 * resolution, 10 ms: conservative), errors logged by the bot, and uncaught
 * exceptions or unhandled rejections (the process must not crash).
 *
 * Imports the fake Discord from tests/: this is a benchmark, not shipped code.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Bot, botSettings } from '../bot/bot.js';
import type { EngineSource } from '../bot/context.js';
import { loadConfig, type AppConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { FakeDiscord, type InteractionHandle } from '../../tests/fake-discord/index.js';
import { summarize, type Summary } from './stats.js';
import { EngineHolder } from '../engine/holder.js';
import { openEngine } from '../engine/open.js';
import { loadQuestions } from '../eval/eval.js';

/** What the burst must meet (the targets). */
export const LOAD_TARGETS = {
  /** Every interaction acknowledged within this long of its dispatch (Discord's deadline). */
  ackMs: 3000,
  /** Every interaction answered (PATCH @original) within this long of its dispatch. */
  answerMs: 15_000,
  /** The event loop is never blocked longer than this. */
  loopDelayMs: 250,
} as const;

export interface LoadOptions {
  /** The engine(s) the bot answers with (e.g. an EngineHolder, or a fixed Engine). */
  engines: EngineSource;
  /** Interactions in the burst (default 200). */
  count?: number;
  /** The burst is spread evenly over this window (default 1,000 ms). */
  windowMs?: number;
  /** Questions, used in turn. */
  questions: readonly string[];
  /** Environment for loadConfig besides the fake's token and URL (INDEX_DIR, …). */
  env?: Record<string, string>;
  /** Where the bot's JSON log lines go (default: dropped). */
  logLine?: (line: string) => void;
  /** Log level of the bot during the burst (default 'info': what production logs). */
  logLevel?: AppConfig['logLevel'];
  /** Called with the fake Discord after the burst, before it stops (tests inspect the recorded requests). */
  inspect?: (fake: FakeDiscord) => void | Promise<void>;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  count: number;
  /** From the first dispatch to the last, ms. */
  dispatchSpreadMs: number;
  /** Acknowledgement latency (ms since dispatch) of the interactions acknowledged in time. */
  ack: Summary;
  /** Answer latency (ms since dispatch) of the interactions answered. */
  answer: Summary;
  /** Interactions without a successful acknowledgement (late callbacks get 10062 from the fake). */
  unacknowledged: number;
  /** Interactions without an answer within the answer target. */
  unanswered: number;
  loopDelay: LoopDelay;
  /** Log records at error level or above. */
  errorLogs: number;
  /** Uncaught exceptions and unhandled rejections seen during the burst. */
  crashes: number;
  /** Wall time of the whole burst, until the last answer or the answer target. */
  wallMs: number;
}

export interface TargetCheck {
  name: string;
  ok: boolean;
  detail: string;
}

const NS_PER_MS = 1e6;

/** Milliseconds rounded to 0.1. */
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Runs the burst against a freshly started fake Discord and bot, and stops both. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const count = options.count ?? 200;
  const windowMs = options.windowMs ?? 1000;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  if (options.questions.length === 0) throw new RangeError('runLoad needs at least one question');

  const fake = await new FakeDiscord().start();
  const config = loadConfig({ RATE_LIMIT_CHANNEL_QUESTIONS: '10000', ...options.env, DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBase }, { dotenv: false });
  let errorLogs = 0;
  const log = createLogger({
    level: options.logLevel ?? 'info',
    pretty: false,
    destination: {
      write: (line: string): void => {
        if (/"level":(5\d|60)/u.test(line)) errorLogs++;
        options.logLine?.(line);
      },
    },
  });
  const bot = new Bot({ ...botSettings(config), engines: options.engines, log });
  let crashes = 0;
  const onCrash = (): void => void crashes++;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await bot.start(config.discord.token ?? '');
    const users = Array.from({ length: count }, (_, i) => fake.addUser({ username: `load${i}` }));

    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    const handles: Promise<InteractionHandle>[] = [];
    await new Promise<void>((resolve) => {
      let sent = 0;
      for (let i = 0; i < count; i++) {
        setTimeout(
          () => {
            const question = options.questions[i % options.questions.length] ?? '';
            handles.push(fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question }, user: users[i] ?? fake.users.alice }));
            if (++sent === count) resolve();
          },
          Math.floor((i * windowMs) / count),
        );
      }
    });
    const all = await Promise.all(handles);
    const answerBudget = LOAD_TARGETS.answerMs + 1000;
    const outcomes = await Promise.all(
      all.map(async (ix) => {
        const ack = await ix.waitFor('POST /interactions/:id/:token/callback', { timeoutMs: answerBudget }).catch(() => null);
        const answer = await ix.editOriginal({ timeoutMs: answerBudget }).catch(() => null);
        return { ack: ack && ack.status < 300 ? ack.sinceDispatchMs : null, answer: answer?.sinceDispatchMs ?? null };
      }),
    );
    const wallMs = performance.now() - started;
    histogram.disable();
    await options.inspect?.(fake);

    const dispatched = all.map((ix) => ix.dispatchedAt);
    const acks = outcomes.flatMap((o) => (o.ack === null ? [] : [o.ack]));
    const answers = outcomes.flatMap((o) => (o.answer === null ? [] : [o.answer]));
    return {
      count,
      dispatchSpreadMs: round(Math.max(...dispatched) - Math.min(...dispatched)),
      ack: summarize(acks),
      answer: summarize(answers),
      unacknowledged: outcomes.filter((o) => o.ack === null || o.ack > LOAD_TARGETS.ackMs).length,
      unanswered: outcomes.filter((o) => o.answer === null || o.answer > LOAD_TARGETS.answerMs).length,
      loopDelay: {
        p50: round(histogram.percentile(50) / NS_PER_MS),
        p99: round(histogram.percentile(99) / NS_PER_MS),
        max: round(histogram.max / NS_PER_MS),
      },
      errorLogs,
      crashes,
      wallMs: round(wallMs),
    };
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await bot.stop();
    await fake.stop();
  }
}

/** The burst's figures against LOAD_TARGETS. */
export function checkLoad(r: LoadResult): TargetCheck[] {
  return [
    { name: `every interaction acknowledged within ${LOAD_TARGETS.ackMs} ms`, ok: r.unacknowledged === 0 && r.ack.max <= LOAD_TARGETS.ackMs, detail: `max ${r.ack.max.toFixed(1)} ms, ${r.unacknowledged} missed` },
    { name: `every interaction answered within ${LOAD_TARGETS.answerMs} ms`, ok: r.unanswered === 0 && r.answer.max <= LOAD_TARGETS.answerMs, detail: `max ${r.answer.max.toFixed(1)} ms, ${r.unanswered} missed` },
    { name: `event loop never blocked over ${LOAD_TARGETS.loopDelayMs} ms`, ok: r.loopDelay.max <= LOAD_TARGETS.loopDelayMs, detail: `max ${r.loopDelay.max.toFixed(1)} ms` },
    { name: 'no crash, no error logged', ok: r.crashes === 0 && r.errorLogs === 0, detail: `${r.crashes} uncaught, ${r.errorLogs} error log lines` },
  ];
}

/** The report the bench prints: latencies, event-loop delay, and a PASS/MISS line per target. */
export function formatLoad(r: LoadResult): string {
  const f = (x: number): string => x.toFixed(1);
  const lines = [
    `Load: ${r.count} /ask interactions dispatched over ${f(r.dispatchSpreadMs)} ms; all done in ${f(r.wallMs)} ms`,
    '',
    '| measure | n | p50 | p95 | max |',
    '|---|---|---|---|---|',
    `| acknowledgement (ms since dispatch) | ${r.ack.n} | ${f(r.ack.p50)} | ${f(r.ack.p95)} | ${f(r.ack.max)} |`,
    `| answer (ms since dispatch) | ${r.answer.n} | ${f(r.answer.p50)} | ${f(r.answer.p95)} | ${f(r.answer.max)} |`,
    '',
    `event-loop delay (ms, 10 ms resolution included): p50 ${f(r.loopDelay.p50)}, p99 ${f(r.loopDelay.p99)}, max ${f(r.loopDelay.max)}`,
    '',
    ...checkLoad(r).map((c) => `${c.ok ? 'PASS' : 'MISS'} ${c.name} (${c.detail})`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `npm run bench -- --load`: the burst against the bot on the configured index, printed. */
export async function benchLoad(config: AppConfig, options: { count: number; windowMs: number }): Promise<void> {
  const engine = await openEngine(config);
  try {
    const engines = new EngineHolder(engine, { indexDir: config.indexDir, corpusDir: config.corpusDir, cacheDir: config.cacheDir, embedder: engine.embedder });
    const questions = loadQuestions('tests/fixtures/questions.dev.json').map((q) => q.question);
    process.stdout.write(`Firing ${options.count} /ask interactions within ${options.windowMs} ms…\n`);
    const result = await runLoad({ engines, count: options.count, windowMs: options.windowMs, questions, env: { INDEX_DIR: config.indexDir, CORPUS_DIR: config.corpusDir, CACHE_DIR: config.cacheDir } });
    process.stdout.write(formatLoad(result));
  } finally {
    await engine.embedder.dispose();
  }
}
