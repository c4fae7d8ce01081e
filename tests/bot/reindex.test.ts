/**
 * /reindex with the real EngineHolder on a temporary copy of corpus/ and
 * index/ (the committed index is never touched): the admin allowlist, one
 * reindex at a time, a successful swap (after which buttons on old messages
 * refuse changed passages), and a failure that leaves the old index live.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { catalogOf, chunkRef } from '../../src/bot/catalog.js';
import { NOT_ADMIN_MESSAGE } from '../../src/bot/commands/reindex.js';
import { encodeCustomId } from '../../src/bot/custom-id.js';
import { textHash } from '../../src/bot/hash.js';
import { STALE_MESSAGE } from '../../src/bot/views.js';
import type { Engine } from '../../src/engine/engine.js';
import { EngineHolder, ReindexBusyError } from '../../src/engine/holder.js';
import type { Embedder } from '../../src/embed/types.js';
import { button, contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, flagsOf, startReindexHarness, type Harness, stopHarness } from './harness.js';

const REPORT_FILE = 'kazakhstan-2012-parliamentary-preliminary-statement';
const OLD_TEXT = 'Domestic observers from civil society';
const NEW_TEXT = 'Domestic observers from civic society';

let tmp: string;
let engine: Engine;
let holder: EngineHolder;
let h: Harness;
let admin: APIUser;
/** While set, the reindex's embedder waits for it: a reindex stays running until the test releases it. */
let gate: Promise<void> | null = null;

/** The engine's embedder, held at the gate (the holder builds and opens new indexes with it). */
function gated(inner: Embedder): Embedder {
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    fingerprint: inner.fingerprint,
    embed: async (texts, role) => {
      if (gate) await gate;
      return inner.embed(texts, role);
    },
    dispose: () => inner.dispose(),
  };
}

beforeAll(async () => {
  ({ tmp, engine, holder, h, admin } = await startReindexHarness('verbatim-reindex-', (e) => ({ embedder: gated(e.embedder) })));
});

afterAll(async () => {
  await stopHarness(h, engine);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const reindex = (user: APIUser) => h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user });
const click = (customId: string) => h.fake.sendInteraction({ kind: 'button', customId, user: h.user() });

describe('/reindex', () => {
  it('is refused, ephemeral, to a user not in ADMIN_USER_IDS', async () => {
    const cb = await (await reindex(h.fake.users.mod)).callback();
    expect(cb.body).toMatchObject({ type: 4 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(cb.body)).toBe(NOT_ADMIN_MESSAGE);
    expect(holder.busy).toBe(false);
    expect(holder.current).toBe(engine);
  });

  it('is refused politely while another reindex runs', async () => {
    let release = (): void => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));
    const running = holder.reindex();
    try {
      expect(holder.busy).toBe(true);
      const cb = await (await reindex(admin)).callback();
      expect(cb.body).toMatchObject({ type: 4 });
      expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
      expect(contentOf(cb.body)).toBe(new ReindexBusyError().message);
      expect(holder.busy).toBe(true);
    } finally {
      gate = null;
      release();
    }
    await running;
    expect(holder.busy).toBe(false);
  });

  it('rebuilds and swaps; buttons made before refuse passages whose text changed, and keep working for the rest', async () => {
    const before = holder.current;
    const catalog = catalogOf(before);
    const changed = before.index.chunks.find((c) => c.kind === 'body' && c.sourceText.includes(OLD_TEXT));
    const unchanged = before.index.chunks.find((c) => c.kind === 'body' && !c.sourceText.includes(OLD_TEXT));
    if (!changed || !unchanged) throw new Error('test chunks not found');
    const passageId = (c: typeof changed): string => encodeCustomId({ kind: 'passage', slot: 0, hash: textHash(c.sourceText), ref: chunkRef(c.id) });
    const section = catalog.sections.find((s) => s.view.paragraphs.some((p) => p.text.includes(OLD_TEXT)));
    const page = await (await h.fake.sendInteraction({ kind: 'slash', name: 'section', options: { name: section?.key ?? '' }, user: h.user() })).callback();
    const next = button(page.body, 'Next').custom_id;

    const txt = join(tmp, 'corpus', `${REPORT_FILE}.txt`);
    writeFileSync(txt, readFileSync(txt, 'utf8').replace(OLD_TEXT, NEW_TEXT));

    const ix = await reindex(admin);
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    const c = before.index.manifest.counts;
    expect(contentOf(edit.body)).toMatch(
      new RegExp(`^Reindexed: 1 report, ${c.sections} sections, ${c.paragraphs} paragraphs, ${c.footnotes} footnotes, ${c.chunks} passages\\. Embeddings: \\d+ reused, [1-9]\\d* computed\\. Took \\d+\\.\\d s\\.$`, 'u'),
    );
    expect(holder.current).not.toBe(before);

    expect(contentOf((await (await click(passageId(changed))).callback()).body)).toBe(STALE_MESSAGE);
    expect(contentOf((await (await click(next)).callback()).body)).toBe(STALE_MESSAGE);
    const still = await (await click(passageId(unchanged))).callback();
    expect(flagsOf(still.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(still.body).description).toMatch(/^> /u);

    const search = await (await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query: NEW_TEXT }, user: h.user() })).editOriginal();
    expect(embedOf(search.body).description).toContain('civic society');
  }, 60_000);

  it('reports a failed reindex, and the old index stays live', async () => {
    const before = holder.current;
    writeFileSync(join(tmp, 'corpus', `${REPORT_FILE}.meta.json`), '{ not json');
    const ix = await reindex(admin);
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    expect(contentOf(edit.body)).toMatch(/^Reindex failed: .*not valid JSON.*\. The previous index is still live\.$/u);
    expect(holder.current).toBe(before);
    expect(holder.busy).toBe(false);
    const answer = await (await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'How many polling stations were observed?' }, user: h.user() })).editOriginal();
    expect(embedOf(answer.body).description).toMatch(/^> /u);
  }, 60_000);

  it('sent only safe payloads', () => {
    expectAllPayloadsSafe(h.fake);
  });
});
