/**
 * The bot's lifecycle: what is in flight, and stopping cleanly.
 *
 * Every event handler's run is tracked (events/types.ts). Stopping (a
 * SIGTERM from systemd, `docker stop`, Kubernetes) goes in steps, within
 * the 10 s a supervisor usually allows before SIGKILL:
 *
 * 1. `stopping` is set: new interactions are told the bot is restarting
 *    (ephemeral), new messages are not answered, /healthz says unavailable;
 * 2. questions in flight get `graceMs` to finish and be sent;
 * 3. those still waiting for the answer queue then fail with
 *    ShuttingDownError, whose message their handlers send as the reply
 *    (so nobody is left with "Verbatim is thinking…"), for up to `finalMs`.
 */

/** Thrown at questions that arrive, or still wait, while the bot stops; its message is for the user. */
export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('Verbatim is restarting and could not answer this one. Please ask again in a minute.');
  }
}

export class Lifecycle {
  private stoppingNow = false;
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly idleWaiters = new Set<() => void>();

  /** True once stopping has begun. */
  get stopping(): boolean {
    return this.stoppingNow;
  }

  /** Handler runs not yet finished. */
  get inFlight(): number {
    return this.tasks.size;
  }

  beginStopping(): void {
    this.stoppingNow = true;
  }

  /** Tracks a handler's run until it settles. */
  track(task: Promise<unknown>): void {
    this.tasks.add(task);
    const done = (): void => {
      this.tasks.delete(task);
      if (this.tasks.size === 0) for (const wake of [...this.idleWaiters]) wake();
    };
    task.then(done, done);
  }

  /** Resolves true when nothing is in flight, or false after `ms`. */
  idle(ms: number): Promise<boolean> {
    if (this.tasks.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(wake);
        resolve(this.tasks.size === 0);
      }, ms);
      this.idleWaiters.add(wake);
    });
  }
}
