/** What every command, button and event handler gets: the live engine, settings, logger and shared state. */
import type { Engine } from '../engine/engine.js';
import type { BuildResult } from '../index/build.js';
import type { Logger } from '../log/logger.js';
import type { RateLimiter } from './rate-limit.js';
import type { TtlMap } from './ttl-map.js';

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
  /** Users allowed to /reindex; empty = anyone with Manage Server. */
  adminUserIds: readonly string[];
  rateLimit: { questions: number; windowSeconds: number };
}

/** The question behind a "More passages" button. */
export interface MoreState {
  question: string;
  report: string | undefined;
  /** Whether the answer was ephemeral (the next passages are too). */
  ephemeral: boolean;
}

export interface BotContext {
  readonly engines: EngineSource;
  readonly settings: BotSettings;
  readonly log: Logger;
  readonly limiter: RateLimiter;
  /** "More passages" state by id: bounded, 15-minute TTL. */
  readonly moreStates: TtlMap<string, MoreState>;
  /** Channels already logged for missing permissions (50013 is logged once per channel). */
  readonly deniedChannels: Set<string>;
}

/** How long a "More passages" button keeps its question. */
export const MORE_STATE_TTL_MS = 15 * 60 * 1000;
/** At most this many "More passages" states are kept. */
export const MORE_STATE_MAX = 2000;
