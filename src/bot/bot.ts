/**
 * The bot: a discord.js Client with the event handlers of events/, the live
 * engine, and shared state (rate limiter, "More passages" states).
 */
import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { createClient } from './client.js';
import {
  ANSWER_CONCURRENCY,
  ANSWER_QUEUE_MAX,
  DENIED_CHANNEL_MAX,
  DENIED_CHANNEL_TTL_MS,
  MORE_STATE_MAX,
  MORE_STATE_TTL_MS,
  type BotContext,
  type BotSettings,
  type DeniedChannel,
  type EngineSource,
  type MoreState,
} from './context.js';
import { bindEvents } from './events/index.js';
import { RateLimiter } from './rate-limit.js';
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
}

/** Bot options from the app configuration. */
export function botSettings(config: AppConfig): Pick<BotOptions, 'settings' | 'apiBaseUrl'> {
  const d = config.discord;
  return {
    settings: { askChannelIds: d.askChannelIds, adminUserIds: d.adminUserIds, rateLimit: d.rateLimit },
    apiBaseUrl: d.apiBaseUrl,
  };
}

export class Bot {
  readonly client: Client;
  readonly ctx: BotContext;

  constructor(options: BotOptions) {
    const now = options.now ?? Date.now;
    this.client = createClient({ apiBaseUrl: options.apiBaseUrl, askChannelIds: options.settings.askChannelIds });
    this.ctx = {
      engines: options.engines,
      settings: options.settings,
      log: options.log,
      limiter: new RateLimiter(options.settings.rateLimit.questions, options.settings.rateLimit.windowSeconds * 1000, now),
      moreStates: new TtlMap<string, MoreState>(MORE_STATE_MAX, MORE_STATE_TTL_MS, now),
      deniedChannels: new TtlMap<string, DeniedChannel>(DENIED_CHANNEL_MAX, DENIED_CHANNEL_TTL_MS, now),
      answers: new WorkQueue({ concurrency: options.answerQueue?.concurrency ?? ANSWER_CONCURRENCY, maxQueued: options.answerQueue?.maxQueued ?? ANSWER_QUEUE_MAX }),
    };
    bindEvents(this.client, this.ctx);
    const log = options.log;
    this.client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    this.client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
    this.client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ shardId, code: event.code }, 'gateway disconnected'));
    this.client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'gateway resumed'));
    this.client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'gateway reconnecting'));
  }

  /** Logs in and resolves once the client is ready. The token is only passed to discord.js, never logged. */
  async start(token: string): Promise<void> {
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(token);
    await ready;
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }
}
