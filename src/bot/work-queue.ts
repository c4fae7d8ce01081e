/**
 * The answer queue: acknowledge first, answer later.
 *
 * The heavy part of a question (embedding, retrieval) runs through this
 * queue, after the interaction has been acknowledged. Embedding runs on the
 * main thread (USE-lite: ~10–20 ms a query, without yielding), and an HTTP
 * round trip to Discord needs several event-loop turns (in a burst, a new
 * connection is accepted about once a turn). When 200 questions arrive in a
 * second, computing answers as soon as each defer resolves leaves too few
 * turns for the other defers: measured, acknowledgements slid to 2.5–3 s,
 * against Discord's 3 s deadline. So:
 *
 * - at most `concurrency` jobs run at once, each started from `setImmediate`
 *   (after the I/O that was ready has been handled);
 * - while an interaction is waiting to be acknowledged (`holdUntil`), jobs
 *   wait too, except one job per `starveMs` so answers still progress during
 *   a flood of new questions; a hold ends when its interaction is
 *   acknowledged, or after `maxMs` (once the deadline has passed, holding
 *   back answers helps nobody);
 * - beyond `maxQueued` waiting jobs, `run` rejects with QueueFullError (a
 *   user-facing "busy, ask again"), so a flood cannot grow memory unbounded;
 * - `close(error)` (the bot stopping) rejects every waiting job, and every
 *   later `run`, with `error`; running jobs finish.
 *
 * Sending the answer (editReply, reply) is not part of a job, so Discord's
 * latency never holds the queue.
 */

/** Thrown by `WorkQueue.run` when the queue is full; its message is meant for the user. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor() {
    super("I'm answering a lot of questions right now; please ask again in a minute.");
  }
}

/** How long a job waited in the queue and how long it ran, in ms. */
export interface JobTimings {
  queuedMs: number;
  runMs: number;
}

export interface WorkQueueOptions {
  /** Jobs running at once (≥ 1). */
  concurrency: number;
  /** Jobs allowed to wait (≥ 1), held back or not; more are refused with QueueFullError. */
  maxQueued: number;
  /** While acknowledgements are pending, at most one job starts per this many ms (default 100). */
  starveMs?: number;
  /** Clock (ms), for tests. */
  now?: () => number;
  /** Called with every finished job's timings (metrics). */
  observe?: (timings: JobTimings) => void;
}

interface Waiting {
  readonly enqueuedAt: number;
  readonly start: () => void;
  readonly cancel: (error: Error) => void;
}

interface Hold {
  readonly acknowledged: () => boolean;
  readonly until: number;
}

/** How often a held queue looks again whether its holds have ended. */
const RECHECK_MS = 2;

export class WorkQueue {
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly starveMs: number;
  private readonly now: () => number;
  private readonly waiting: Waiting[] = [];
  private readonly holds = new Set<Hold>();
  private active = 0;
  private lastHeldStart = Number.NEGATIVE_INFINITY;
  private recheck: NodeJS.Timeout | null = null;
  private closedWith: Error | null = null;
  private readonly observe: ((timings: JobTimings) => void) | undefined;

  constructor(options: WorkQueueOptions) {
    const { concurrency, maxQueued } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!Number.isInteger(maxQueued) || maxQueued < 1) throw new RangeError('maxQueued must be a positive integer');
    this.concurrency = concurrency;
    this.maxQueued = maxQueued;
    this.starveMs = options.starveMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.observe = options.observe;
  }

  /** Rejects every waiting job, and every later `run`, with `error`; jobs already running finish. */
  close(error: Error): void {
    this.closedWith = error;
    for (const w of this.waiting.splice(0)) w.cancel(error);
  }

  /** Jobs running now. */
  get running(): number {
    return this.active;
  }

  /** Jobs waiting to start. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Holds that have not ended (acknowledgements still pending). */
  get pendingHolds(): number {
    this.pruneHolds();
    return this.holds.size;
  }

  /**
   * Holds jobs back (but for one per `starveMs`) until `acknowledged()` is
   * true or `maxMs` has passed: call it when an interaction arrives, before
   * anything is awaited.
   */
  holdUntil(acknowledged: () => boolean, maxMs: number): void {
    // Pruned here too, so holds never pile up while no job runs (e.g. only /section and autocomplete traffic).
    this.pruneHolds();
    this.holds.add({ acknowledged, until: this.now() + maxMs });
  }

  /**
   * Runs `job` when a slot is free (always from a later event-loop turn),
   * resolving with its value and timings. Rejects at once with QueueFullError
   * when `maxQueued` jobs are already waiting.
   */
  run<T>(job: () => Promise<T>): Promise<{ value: T; timings: JobTimings }> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new QueueFullError());
    return new Promise((resolve, reject) => {
      const enqueuedAt = this.now();
      const start = (): void => {
        const begun = this.now();
        Promise.resolve()
          .then(job)
          .then(
            (value) => {
              const timings = { queuedMs: begun - enqueuedAt, runMs: this.now() - begun };
              this.observe?.(timings);
              resolve({ value, timings });
            },
            (error: unknown) => reject(error),
          )
          .finally(() => {
            this.active--;
            this.pump();
          });
      };
      this.waiting.push({ enqueuedAt, start, cancel: reject });
      this.pump();
    });
  }

  /** Starts waiting jobs while slots are free and no acknowledgement is pending (see the module comment). */
  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      if (this.pendingHolds > 0) {
        if (this.now() - this.lastHeldStart < this.starveMs) {
          this.pumpLater();
          return;
        }
        this.lastHeldStart = this.now();
      }
      const next = this.waiting.shift() as Waiting;
      this.active++;
      setImmediate(next.start);
    }
  }

  private pumpLater(): void {
    if (this.recheck) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      this.pump();
    }, RECHECK_MS);
  }

  private pruneHolds(): void {
    const now = this.now();
    for (const hold of this.holds) if (now >= hold.until || hold.acknowledged()) this.holds.delete(hold);
  }
}
