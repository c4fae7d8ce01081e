/**
 * Rate limits that cap the bot's OUTPUT, not only its answers.
 *
 * - Per user: at most `questions` questions in any sliding window of
 *   `windowSeconds`.
 * - Per channel: at most `channelQuestions` public answers in a guild
 *   channel in the same window, whoever asks (a raid of many accounts, or
 *   many people at once, cannot flood a channel).
 *
 * Beyond a limit the bot posts nothing public. A question asked in a message
 * gets one ⏳ reaction, at most once per user (or, for the channel cap, once
 * per channel) per window, and silence after that: 50 mentions in a second
 * make 5 answers and 1 reaction, not 50 posts. An interaction must be
 * answered (Discord shows "The application did not respond" otherwise), so
 * a user over their limit gets an ephemeral note only they see, and a
 * question over the channel's cap is answered ephemerally instead of in the
 * channel.
 *
 * Memory is bounded by the users and channels active in one window.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** A sliding-window counter per key (user id, channel id). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `key` may act now, without recording anything. */
  check(key: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const recent = this.hits.get(key) ?? [];
    if (recent.length < this.limit) return { ok: true };
    const oldest = recent[0] ?? now;
    return { ok: false, retryAfterMs: Math.max(0, oldest + this.windowMs - now) };
  }

  /** Records an action by `key`. */
  record(key: string): void {
    const recent = this.hits.get(key) ?? [];
    recent.push(this.now());
    this.hits.set(key, recent);
  }

  /** Records an action by `key` if it is allowed; otherwise says how long to wait. */
  take(key: string): RateDecision {
    const decision = this.check(key);
    if (decision.ok) this.record(key);
    return decision;
  }

  /** Keys with actions in the window. */
  get size(): number {
    return this.hits.size;
  }

  private sweep(now: number): void {
    for (const [key, times] of this.hits) {
      while (times.length > 0 && (times[0] ?? 0) <= now - this.windowMs) times.shift();
      if (times.length === 0) this.hits.delete(key);
    }
  }
}

export interface RateLimitSettings {
  questions: number;
  windowSeconds: number;
  channelQuestions: number;
}

/** Where a question came from, as the limits see it. */
export interface QuestionSource {
  userId: string;
  /** The guild channel its answer would be posted in; null in DMs and for answers only the asker sees. */
  publicChannelId: string | null;
  /** Whether the answer may be made private instead (interactions: ephemeral) when the channel is at its cap. */
  canAnswerPrivately: boolean;
}

export type Admission =
  /** Answer; `private`: only the asker may see it (the channel is at its cap). */
  | { ok: true; private: boolean }
  /**
   * Refused. `notify`: this is the first refusal of its user (scope user) or
   * channel (scope channel) in the window, so one notice (a reaction, an
   * ephemeral note) may be shown; later ones get none.
   */
  | { ok: false; scope: 'user' | 'channel'; retryAfterMs: number; notify: boolean };

/** The per-user and per-channel limits of the bot's answers (see the module comment). */
export class QuestionLimits {
  readonly users: RateLimiter;
  readonly channels: RateLimiter;
  /** When each user or channel last got a notice (key "user:<id>" / "channel:<id>"). */
  private readonly notices = new Map<string, number>();
  private readonly windowMs: number;

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = settings.windowSeconds * 1000;
    this.users = new RateLimiter(settings.questions, this.windowMs, now);
    this.channels = new RateLimiter(settings.channelQuestions, this.windowMs, now);
  }

  /** Decides whether a question is answered, and records it when it is (against both limits, or the user's only when it goes private). */
  admit(source: QuestionSource): Admission {
    const user = this.users.check(source.userId);
    if (!user.ok) return { ok: false, scope: 'user', retryAfterMs: user.retryAfterMs, notify: this.firstNotice(`user:${source.userId}`) };
    const channelId = source.publicChannelId;
    if (channelId !== null) {
      const channel = this.channels.check(channelId);
      if (!channel.ok) {
        if (!source.canAnswerPrivately) return { ok: false, scope: 'channel', retryAfterMs: channel.retryAfterMs, notify: this.firstNotice(`channel:${channelId}`) };
        this.users.record(source.userId);
        return { ok: true, private: true };
      }
      this.channels.record(channelId);
    }
    this.users.record(source.userId);
    return { ok: true, private: false };
  }

  /** True once per key per window. */
  private firstNotice(key: string): boolean {
    const now = this.now();
    for (const [k, at] of this.notices) if (at <= now - this.windowMs) this.notices.delete(k);
    if (this.notices.has(key)) return false;
    this.notices.set(key, now);
    return true;
  }
}

/** The reaction put on a message question refused by a rate limit (once per window). */
export const RATE_LIMIT_REACTION = '⏳';

/**
 * The friendly refusal shown (ephemeral) when a user asks too often through
 * an interaction. The moment the next question is welcome is a Discord
 * relative timestamp (`<t:UNIX:R>`), which each client shows as a live "in 25
 * seconds" in its own language. Rounded up to the second, so it never names a
 * moment before the limit lifts.
 */
export function rateLimitMessage(retryAfterMs: number, now: number = Date.now()): string {
  const at = Math.ceil((now + Math.max(1000, retryAfterMs)) / 1000);
  return `You're asking quickly: you can ask again <t:${at}:R>.`;
}

/** The line on top of an answer made private because its channel is at its cap. */
export const CHANNEL_BUSY_NOTE = 'This channel has had many answers in the last moments, so only you can see this one.';
