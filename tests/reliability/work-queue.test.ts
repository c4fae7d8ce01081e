/**
 * The answer queue (src/bot/work-queue.ts), on a clock the test moves: no
 * assertion here depends on how fast the machine is. "Not started" is checked
 * after many event-loop turns with the clock standing still, when nothing but
 * the clock could start the job.
 */
import { describe, expect, it } from 'vitest';
import { QueueFullError, WorkQueue } from '../../src/bot/work-queue.js';

/** Lets pending immediates, short timers and microtasks run (the clock does not move). */
async function turns(n = 10): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 10));
}

/** A job that records its start and finishes when told. */
function gatedJob(started: string[], name: string): { job: () => Promise<string>; finish: () => void } {
  let finish = (): void => undefined;
  const done = new Promise<void>((r) => (finish = r));
  return {
    job: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once, in order, and reports their timings', async () => {
    let now = 0;
    const q = new WorkQueue({ concurrency: 2, maxQueued: 10, now: () => now });
    const started: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((n) => gatedJob(started, n));
    const results = jobs.map((j) => q.run(j.job));
    await turns();
    expect(started).toEqual(['a', 'b']);
    expect(q.running).toBe(2);
    expect(q.queued).toBe(2);
    now = 40;
    jobs[0]?.finish();
    await turns();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const j of jobs) j.finish();
    const all = await Promise.all(results);
    expect(all.map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(all[0]?.timings).toEqual({ queuedMs: 0, runMs: 40 });
    expect(all[2]?.timings.queuedMs).toBe(40);
  });

  it('never starts a job in the turn that queued it: pending I/O is handled first', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10 });
    const order: string[] = [];
    const run = q.run(async () => void order.push('job'));
    order.push('same turn');
    await run;
    expect(order).toEqual(['same turn', 'job']);
  });

  it('holds jobs back while an acknowledgement is pending, but for one per starveMs', async () => {
    let now = 0;
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10, starveMs: 100, now: () => now });
    let acknowledged = false;
    q.holdUntil(() => acknowledged, 3000);
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    const b = gatedJob(started, 'b');
    const c = gatedJob(started, 'c');
    const runs = [q.run(a.job), q.run(b.job), q.run(c.job)];
    await turns();
    // One job may start while held (the starvation allowance) …
    expect(started).toEqual(['a']);
    a.finish();
    await turns(30);
    // … and no other until the clock moves past starveMs or the hold ends.
    expect(started).toEqual(['a']);
    expect(q.pendingHolds).toBe(1);
    now = 100;
    await turns();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await turns(30);
    expect(started).toEqual(['a', 'b']);
    acknowledged = true;
    await turns();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(q.pendingHolds).toBe(0);
    c.finish();
    await Promise.all(runs);
  });

  it('lets a hold lapse after maxMs (an acknowledgement that never comes does not stall answers)', async () => {
    let now = 0;
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10, starveMs: 1_000_000, now: () => now });
    q.holdUntil(() => false, 3000);
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    const b = gatedJob(started, 'b');
    const runs = [q.run(a.job), q.run(b.job)];
    await turns();
    a.finish();
    await turns(30);
    expect(started).toEqual(['a']);
    now = 3000;
    await turns();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await Promise.all(runs);
  });

  it('refuses work beyond maxQueued with a user-facing QueueFullError, and carries on', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 1, now: () => 0 });
    const started: string[] = [];
    const a = gatedJob(started, 'a');
    const b = gatedJob(started, 'b');
    const ra = q.run(a.job);
    const rb = q.run(b.job);
    await expect(q.run(async () => 'c')).rejects.toBeInstanceOf(QueueFullError);
    await expect(q.run(async () => 'c')).rejects.toThrow(/please ask again/u);
    a.finish();
    b.finish();
    await Promise.all([ra, rb]);
    await expect(q.run(async () => 'd')).resolves.toMatchObject({ value: 'd' });
  });

  it('keeps the bound while jobs are held back', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 2, starveMs: 100, now: () => 0 });
    let acknowledged = false;
    q.holdUntil(() => acknowledged, 3000);
    const started: string[] = [];
    const jobs = ['a', 'b', 'c'].map((n) => gatedJob(started, n));
    const runs = jobs.map((j) => q.run(j.job));
    await turns();
    jobs[0]?.finish();
    await turns();
    expect(started).toEqual(['a']);
    expect(q.running).toBe(0);
    expect(q.queued).toBe(2);
    await expect(q.run(async () => 'd')).rejects.toBeInstanceOf(QueueFullError);
    acknowledged = true;
    for (const j of jobs) j.finish();
    await Promise.all(runs);
  });

  it('passes a failing job’s error to its caller and frees the slot', async () => {
    const q = new WorkQueue({ concurrency: 1, maxQueued: 10 });
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run(async () => 'next')).resolves.toMatchObject({ value: 'next' });
    expect(q.running).toBe(0);
  });

  it('rejects nonsensical bounds', () => {
    expect(() => new WorkQueue({ concurrency: 0, maxQueued: 1 })).toThrow(RangeError);
    expect(() => new WorkQueue({ concurrency: 1, maxQueued: 0 })).toThrow(RangeError);
    expect(() => new WorkQueue({ concurrency: 1.5, maxQueued: 1 })).toThrow(RangeError);
  });
});
