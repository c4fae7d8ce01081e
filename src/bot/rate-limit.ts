/**
 * Per-user question rate limit: at most `limit` questions in any sliding
 * window of `windowMs`. Memory is bounded by the users active in one window.
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a question by `userId` if it is allowed; otherwise says how long to wait. */
  take(userId: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const recent = this.hits.get(userId) ?? [];
    if (recent.length >= this.limit) {
      const oldest = recent[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(0, oldest + this.windowMs - now) };
    }
    recent.push(now);
    this.hits.set(userId, recent);
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [user, times] of this.hits) {
      while (times.length > 0 && (times[0] ?? 0) <= now - this.windowMs) times.shift();
      if (times.length === 0) this.hits.delete(user);
    }
  }
}

/** The friendly refusal shown when a user asks too often. */
export function rateLimitMessage(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking quickly: please wait ${seconds} s before the next question.`;
}
