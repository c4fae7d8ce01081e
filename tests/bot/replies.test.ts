/**
 * Replies to messages that are gone, and /reindex's own permission check,
 * through the real client against the fake Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSource } from '../../src/bot/context.js';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, embedOf, EPHEMERAL, flagsOf, openTestEngine, startHarness, stopHarness, withAsk, type Harness } from './harness.js';

const QUESTION = 'How many polling stations were observed?';
const POST = 'POST /channels/:channelId/messages';

let engine: Engine;
let h: Harness;
/** Questions containing "slowly" are answered after a while, so a test can delete the message meanwhile. */
let released: (() => void) | null = null;
let reindexCalls = 0;

beforeAll(async () => {
  engine = await openTestEngine();
  const slow = withAsk(engine, async (q, o) => {
    if (q.includes('slowly')) await new Promise<void>((resolve) => (released = resolve));
    return engine.ask(q, o);
  });
  const engines: EngineSource = {
    current: slow,
    busy: false,
    reindex: () => {
      reindexCalls++;
      return Promise.reject(new Error('no reindex in this test'));
    },
  };
  h = await startHarness({ engines }); // ADMIN_USER_IDS unset
});

afterAll(() => stopHarness(h, engine));

describe('a reply to a deleted message', () => {
  it('is posted once, without the reference, and logs no error (Discord would refuse the reference with 50035)', async () => {
    const msg = await h.fake.sendMessage({ content: `${QUESTION} slowly`, mentionBot: true, author: h.user() });
    await expect.poll(() => released !== null).toBe(true);
    h.fake.world.deleteMessage(msg.id);
    const mark = h.fake.mark();
    released?.();
    const post = await h.fake.waitForRequest(POST, { after: mark });
    expect(post.status).toBe(200);
    expect(post.body).toMatchObject({ message_reference: { message_id: msg.id, fail_if_not_exists: false } });
    expect(embedOf(post.body).description).toMatch(/^> /u);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.findRequests(POST).filter((r) => r.seq > mark)).toHaveLength(1);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});

describe('/reindex with ADMIN_USER_IDS unset', () => {
  it('is refused, in code, to a member without Manage Server (whatever Discord let through)', async () => {
    const before = reindexCalls;
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: h.fake.users.alice });
    const callback = await ix.callback();
    expect(flagsOf(callback.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(callback.body)).toBe('Only members with the Manage Server permission can reindex.');
    expect(reindexCalls).toBe(before);
  });

  it('runs for a member with Manage Server', async () => {
    const before = reindexCalls;
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: h.fake.users.mod });
    expect((await ix.callback()).body).toMatchObject({ type: 5 });
    expect(contentOf((await ix.editOriginal()).body)).toMatch(/^Reindex failed: /u);
    expect(reindexCalls).toBe(before + 1);
  });
});
