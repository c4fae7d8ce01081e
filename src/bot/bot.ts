/**
 * The bot: a discord.js Client with the event handlers of events/, the live
 * engine, and shared state (rate limits, "More passages" states, the answer
 * queue, metrics, lifecycle).
 */
import { once } from 'node:events';
import { Events, Status, type Client } from 'discord.js';
import type { BotConfig, ConfigOf } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { indexVersion, Metrics } from '../metrics/metrics.js';
import type { Health } from '../metrics/server.js';
import { SettingsStore } from '../store/settings.js';
import { createClient } from './client.js';
import {
  ANSWER_CONCURRENCY,
  ANSWER_QUEUE_MAX,
  DENIED_CHANNEL_MAX,
  DENIED_CHANNEL_TTL_MS,
  MORE_STATE_MAX,
  MORE_STATE_TTL_MS,
  THREAD_STATE_MAX,
  THREAD_STATE_TTL_MS,
  type BotContext,
  type BotSettings,
  type DeniedChannel,
  type EngineSource,
  type MoreState,
  type ThreadState,
} from './context.js';
import { bindEvents } from './events/index.js';
import { BotFeedback } from './feedback/index.js';
import { Lifecycle, ShuttingDownError } from './lifecycle.js';
import { QuestionLimits } from './rate-limit.js';
import { describeSetupFailure, gatewayCloseError } from './setup-errors.js';
import { TtlMap } from './ttl-map.js';
import { WorkQueue } from './work-queue.js';

export interface BotOptions {
  settings: BotSettings;
  engines: EngineSource;
  log: Logger;
  /** REST API base (DISCORD_API_BASE_URL); default Discord's. */
  apiBaseUrl?: string | undefined;
  /** Clock for rate limits and button state (tests). */
  now?: () => number;
  /** Answer queue bounds (see work-queue.ts); defaults ANSWER_CONCURRENCY and ANSWER_QUEUE_MAX. */
  answerQueue?: { concurrency: number; maxQueued: number };
  /** Where to count (default: a registry of the bot's own, without process metrics). */
  metrics?: Metrics;
  /** The /config settings (default: kept in memory only; `npm start` keeps them in DATA_DIR/settings.json). */
  settingsStore?: SettingsStore;
}

/** Bot options from the app configuration. */
export function botSettings(config: ConfigOf<'discord' | 'bot'> & Partial<ConfigOf<'feedback'>>): Pick<BotOptions, 'settings' | 'apiBaseUrl'> {
  const b: BotConfig = config.bot;
  return {
    settings: { askChannelIds: b.askChannelIds, adminUserIds: b.adminUserIds, rateLimit: b.rateLimit, feedback: config.feedback, answerThreads: b.answerThreads },
    apiBaseUrl: config.discord.apiBaseUrl,
  };
}

/** The shared state every handler gets (also for tests that call handlers without a client). */
export function createBotContext(options: Omit<BotOptions, 'apiBaseUrl'>): BotContext {
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? new Metrics({ processMetrics: false });
  const answers = new WorkQueue({
    concurrency: options.answerQueue?.concurrency ?? ANSWER_CONCURRENCY,
    maxQueued: options.answerQueue?.maxQueued ?? ANSWER_QUEUE_MAX,
    observe: (t) => metrics.job(t),
  });
  metrics.bind({ queue: () => ({ queued: answers.queued, running: answers.running }), manifest: () => options.engines.current.index.manifest });
  return {
    engines: options.engines,
    settings: options.settings,
    log: options.log,
    limits: new QuestionLimits(options.settings.rateLimit, now),
    moreStates: new TtlMap<string, MoreState>(MORE_STATE_MAX, MORE_STATE_TTL_MS, now),
    threads: new TtlMap<string, ThreadState>(THREAD_STATE_MAX, THREAD_STATE_TTL_MS, now),
    deniedChannels: new TtlMap<string, DeniedChannel>(DENIED_CHANNEL_MAX, DENIED_CHANNEL_TTL_MS, now),
    answers,
    metrics,
    lifecycle: new Lifecycle(),
    feedback: options.settings.feedback ? new BotFeedback(options.settings.feedback, options.log, now) : null,
    settingsStore: options.settingsStore ?? new SettingsStore(null),
  };
}

/** How long stopping waits: for questions in flight to finish, then for the failed ones' replies to be sent. */
export interface StopOptions {
  graceMs?: number;
  finalMs?: number;
}

/** What stopping did with the questions in flight. */
export interface StopSummary {
  /** Handler runs in flight when stopping began. */
  inFlight: number;
  /** Whether every one of them had finished (answered, or failed with a message) before the client was destroyed. */
  drained: boolean;
  /** Questions failed with ShuttingDownError because they were still waiting after the grace period. */
  failedWaiting: number;
}

export const STOP_GRACE_MS = 5000;
export const STOP_FINAL_MS = 2000;

export class Bot {
  readonly client: Client;
  readonly ctx: BotContext;
  private stopped: Promise<StopSummary> | null = null;
  private readonly apiBaseUrl: string | undefined;
  private readonly healthChecks: (() => string | null)[] = [];

  constructor(options: BotOptions) {
    this.apiBaseUrl = options.apiBaseUrl;
    this.client = createClient({ apiBaseUrl: options.apiBaseUrl, askChannelIds: options.settings.askChannelIds });
    this.ctx = createBotContext(options);
    const client = this.client;
    this.ctx.metrics.bind({ discord: () => ({ ready: client.isReady() && client.ws.status === Status.Ready, pingMs: client.ws.ping }) });
    bindEvents(this.client, this.ctx);
    const log = options.log;
    this.client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    this.client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
    this.client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shardId, code: event.code }, 'gateway disconnected'));
    this.client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'gateway resumed'));
    this.client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'gateway reconnecting'));
  }

  /**
   * Logs in and resolves once the client is ready. The token is only passed
   * to discord.js, never logged. Rejects with a StartupError (one line, with
   * a hint) when Discord refuses the token, the application or a privileged
   * intent, or cannot be reached; discord.js would otherwise wait forever
   * after a gateway close it does not recover from.
   */
  async start(token: string): Promise<void> {
    const client = this.client;
    let onClose: ((event: { code: number }) => void) | null = null;
    const refused = new Promise<never>((_, reject) => {
      onClose = (event) => {
        const error = gatewayCloseError(event.code);
        if (error) reject(error);
      };
      client.on(Events.ShardDisconnect, onClose);
    });
    const ready = once(client, Events.ClientReady);
    ready.catch(() => undefined);
    try {
      await Promise.race([client.login(token).then(() => ready), refused]);
    } catch (e) {
      throw describeSetupFailure(e, { action: 'logging in', apiBaseUrl: this.apiBaseUrl }) ?? e;
    } finally {
      if (onClose) client.off(Events.ShardDisconnect, onClose);
    }
  }

  /** Adds a readiness check for /healthz: it returns a problem ("feedback store not writable") or null. */
  addHealthCheck(check: () => string | null): void {
    this.healthChecks.push(check);
  }

  /** Readiness, for /healthz: connected to Discord, an index loaded, not stopping, and every added check passing. */
  health(): Health {
    const problems: string[] = [];
    for (const check of this.healthChecks) {
      const problem = check();
      if (problem !== null) problems.push(problem);
    }
    const ready = this.client.isReady() && this.client.ws.status === Status.Ready;
    if (!ready) problems.push('not connected to Discord');
    if (this.ctx.lifecycle.stopping) problems.push('shutting down');
    let details: Record<string, unknown> = {};
    try {
      const m = this.ctx.engines.current.index.manifest;
      details = { index: { version: indexVersion(m), reports: m.counts.reports, chunks: m.counts.chunks, embedder: m.embedder.id } };
    } catch {
      problems.push('no index loaded');
    }
    details.queue = { queued: this.ctx.answers.queued, running: this.ctx.answers.running };
    return { ready: problems.length === 0, problems, details };
  }

  /**
   * Stops in steps (lifecycle.ts): refuse new questions, give those in flight
   * `graceMs` to finish, fail those still waiting with a clear message and
   * give their replies `finalMs`, then destroy the client. Calling it again
   * returns the same promise.
   */
  stop(options: StopOptions = {}): Promise<StopSummary> {
    this.stopped ??= (async () => {
      const { lifecycle, answers } = this.ctx;
      lifecycle.beginStopping();
      const inFlight = lifecycle.inFlight;
      let drained = await lifecycle.idle(options.graceMs ?? STOP_GRACE_MS);
      const failedWaiting = answers.queued;
      answers.close(new ShuttingDownError());
      if (!drained) drained = await lifecycle.idle(options.finalMs ?? STOP_FINAL_MS);
      await this.client.destroy();
      return { inFlight, drained, failedWaiting };
    })();
    return this.stopped;
  }
}
