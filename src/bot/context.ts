/** What every command, button and event handler gets: the live engine, settings, logger and shared state. */
import type { AnswerThreadMode } from '../config/config.js';
import type { Engine, FollowUpContext } from '../engine/engine.js';
import type { BuildResult } from '../index/build.js';
import type { FeedbackSettings } from '../feedback/store.js';
import type { Logger } from '../log/logger.js';
import type { BotFeedback } from './feedback/index.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SettingsStore } from '../store/settings.js';
import type { Lifecycle } from './lifecycle.js';
import type { QuestionLimits, RateLimitSettings } from './rate-limit.js';
import type { TtlMap } from './ttl-map.js';
import type { WorkQueue } from './work-queue.js';

/**
 * The live Engine and its reindex (EngineHolder implements it). Take `current`
 * ONCE per question and use that Engine for the whole answer.
 */
export interface EngineSource {
  readonly current: Engine;
  /** Whether a reindex is running. */
  readonly busy: boolean;
  /** Rebuilds and swaps the index; rejects with ReindexBusyError when one is running. */
  reindex(): Promise<{ build: BuildResult }>;
}

export interface BotSettings {
  /** Channels where every plain message is a question. */
  askChannelIds: readonly string[];
  /** Users allowed to /reindex; empty = members with Manage Server (checked in code too). */
  adminUserIds: readonly string[];
  rateLimit: RateLimitSettings;
  /** The feedback store (👍/👎 on answers); unset: no feedback buttons. */
  feedback?: FeedbackSettings | undefined;
  /** Which answers to messages open a thread for follow-ups (ANSWER_THREADS; default ask-channels). */
  answerThreads?: AnswerThreadMode;
}

/** What a follow-up in a thread inherits: the question answered last there, and its report. */
export interface ThreadState {
  question: string;
  report: string | undefined;
}

/** The question behind a "More passages" button. */
export interface MoreState {
  question: string;
  report: string | undefined;
  /** Whether the answer was ephemeral (the next passages are too). */
  ephemeral: boolean;
  /** A follow-up's context (a question in the bot's thread): the next passages keep it. */
  context?: FollowUpContext;
}

export interface BotContext {
  readonly engines: EngineSource;
  readonly settings: BotSettings;
  readonly log: Logger;
  /** Per-user and per-channel limits of the bot's answers (rate-limit.ts). */
  readonly limits: QuestionLimits;
  /** "More passages" state by id: bounded, 15-minute TTL. */
  readonly moreStates: TtlMap<string, MoreState>;
  /**
   * The last question answered in each of the bot's threads, by thread id:
   * bounded, 24-hour TTL. After a restart (or expiry) follow-ups read it back
   * from the thread itself (threads.ts previousQuestion).
   */
  readonly threads: TtlMap<string, ThreadState>;
  /**
   * Channels where Discord refused to let the bot post (50013/50001/50007), by
   * `deniedKey`: each is logged once. A channel refused for message replies is
   * skipped for questions asked by message (no typing, no answer, no reply)
   * until the channel's or the guild's roles change (events/permissions.ts) or
   * DENIED_CHANNEL_TTL_MS passes: refused requests count against Discord's
   * invalid-request limit, so retrying each message would be worse than
   * useless. Interactions are still answered (through their webhook).
   */
  readonly deniedChannels: TtlMap<string, DeniedChannel>;
  /**
   * The heavy part of every question (embedding, retrieval) runs through this
   * queue, after the interaction is acknowledged (see work-queue.ts).
   */
  readonly answers: WorkQueue;
  /** Counters and histograms served at /metrics (metrics/metrics.ts). */
  readonly metrics: Metrics;
  /** What is in flight, and whether the bot is stopping (lifecycle.ts). */
  readonly lifecycle: Lifecycle;
  /** 👍/👎 on answers (feedback/index.ts); null when off. */
  readonly feedback: BotFeedback | null;
  /** Per-server and per-channel settings set with /config (store/settings.ts). */
  readonly settingsStore: SettingsStore;
}

/** Answers computed at once (embedding is on the main thread: more would only delay acknowledgements). */
export const ANSWER_CONCURRENCY = 1;
/** Questions allowed to wait for the answer queue; beyond this the user is asked to try again. */
export const ANSWER_QUEUE_MAX = 1000;
/** How long a new interaction holds the answer queue back at most (Discord's acknowledgement deadline). */
export const ACK_HOLD_MS = 3000;

/** A channel the bot may not post in. */
export interface DeniedChannel {
  channelId: string | null;
  guildId: string | null;
}

/** The `deniedChannels` key: how the post was refused (a message reply, an interaction response) and where. */
export function deniedKey(via: 'message' | 'interaction', channelId: string | null): string {
  return `${via}:${channelId ?? 'unknown'}`;
}

/** How long a channel stays skipped after Discord refused a post there (unless its permissions change first). */
export const DENIED_CHANNEL_TTL_MS = 10 * 60 * 1000;
/** At most this many denied channels are remembered. */
export const DENIED_CHANNEL_MAX = 10_000;

/** How long a thread remembers its last question in memory (longer, it is read back from the thread). */
export const THREAD_STATE_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many threads' last questions are kept in memory. */
export const THREAD_STATE_MAX = 5000;

/** How long a "More passages" button keeps its question. */
export const MORE_STATE_TTL_MS = 15 * 60 * 1000;
/** At most this many "More passages" states are kept. */
export const MORE_STATE_MAX = 2000;
