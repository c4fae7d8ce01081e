/**
 * /reindex as the bot runs it (scripts/start.ts): the build in a child
 * process. Through the fake Discord: questions asked while it runs are
 * answered by the old index, the admin gets the result, the new text is
 * searchable, and a failed build is reported with the old index still live.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import type { Engine } from '../../src/engine/engine.js';
import { EngineHolder } from '../../src/engine/holder.js';
import { contentOf, embedOf, startReindexHarness, type Harness, stopHarness } from './harness.js';

const REPORT_FILE = 'kazakhstan-2012-parliamentary-preliminary-statement';
const OLD_TEXT = 'Domestic observers from civil society';
const NEW_TEXT = 'Domestic observers from civic society';

let tmp: string;
let engine: Engine;
let holder: EngineHolder;
let h: Harness;
let admin: APIUser;

beforeAll(async () => {
  ({ tmp, engine, holder, h, admin } = await startReindexHarness('verbatim-reindex-isolated-', () => ({ isolate: true })));
});

afterAll(async () => {
  await stopHarness(h, engine);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('/reindex in a child process', () => {
  it('answers questions from the old index while the child builds, then swaps and reports', async () => {
    const before = holder.current;
    const txt = join(tmp, 'corpus', `${REPORT_FILE}.txt`);
    writeFileSync(txt, readFileSync(txt, 'utf8').replace(OLD_TEXT, NEW_TEXT));
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: admin });
    await ix.callback();
    await expect.poll(() => holder.busy).toBe(true);
    const msg = await h.fake.sendMessage({ content: 'What was the turnout according to the CEC?', mentionBot: true, author: h.user() });
    expect(embedOf((await msg.waitForReply()).body).description).toMatch(/^> /u);
    expect(holder.busy).toBe(true); // answered while the child was still building
    const edit = await ix.editOriginal({ timeoutMs: 60_000 });
    expect(contentOf(edit.body)).toMatch(/^Reindexed: 1 report, .* Embeddings: \d+ reused, [1-9]\d* computed\. Took \d+\.\d s\.$/u);
    expect(holder.current).not.toBe(before);
    const search = await (await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query: NEW_TEXT }, user: h.user() })).editOriginal();
    expect(embedOf(search.body).description).toContain('civic society');
  }, 90_000);

  it('reports a failed build with the child\'s reason, and the old index stays live', async () => {
    const before = holder.current;
    writeFileSync(join(tmp, 'corpus', `${REPORT_FILE}.meta.json`), '{ not json');
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: admin });
    const edit = await ix.editOriginal({ timeoutMs: 60_000 });
    expect(contentOf(edit.body)).toMatch(/^Reindex failed: .*not valid JSON.*\. The previous index is still live\.$/u);
    expect(holder.current).toBe(before);
    expect(holder.busy).toBe(false);
  }, 90_000);
});
