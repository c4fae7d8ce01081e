/**
 * The terminal session (`npm start` without a token) reloads a rebuilt index
 * as the bot does, and stops quoting text that has left the corpus.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempIndex, runScriptAsync, startScript, type TempIndex } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';

let temp: TempIndex;

/** `text` with the number ending the first occurrence of `words` (any whitespace between them, as the raw report wraps lines) set to `count`. */
function replaceCollapsed(text: string, words: string, count: string): string {
  const pattern = new RegExp(words.trim().split(/\s+/u).map((w) => w.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('\\s+'), 'u');
  const m = pattern.exec(text);
  if (!m) throw new Error(`not in the report: ${words}`);
  return text.slice(0, m.index) + m[0].replace(/\d+$/u, count) + text.slice(m.index + m[0].length);
}

beforeAll(async () => {
  temp = await openTempIndex('verbatim-terminal-');
});

afterAll(async () => {
  await temp?.engine.embedder.dispose();
  if (temp) rmSync(temp.tmp, { recursive: true, force: true });
});

describe('the terminal session', () => {
  it('reloads the index when it is rebuilt on disk and answers from the new one', async () => {
    const run = startScript('start', [], { env: { DISCORD_TOKEN: '', ...temp.dirs }, timeoutMs: 120_000 });
    try {
      run.child.stdin?.write(`${QUESTION}\n`);
      await expect.poll(() => run.stdout, { timeout: 30_000 }).toMatch(/^> .+\n/mu);

      // The first quote's count changes in the corpus: the old sentence leaves the index, an edited one comes in.
      const OLD = /^> (.+)$/mu.exec(run.stdout)?.[1] ?? '';
      const m = /((?:\S+\s+){3})(\d+)/u.exec(OLD);
      expect(m, OLD).not.toBeNull();
      const [lead = '', count = ''] = [m?.[1] ?? '', m?.[2] ?? ''];
      const NEW = OLD.replace(`${lead}${count}`, `${lead}${Number(count) + 1}`);
      const report = join(temp.dirs.CORPUS_DIR, 'kazakhstan-2012-parliamentary-preliminary-statement.txt');
      // The quote's own words up to the count, so that the edit lands in that sentence and not in another that shares them.
      const upToCount = OLD.slice(0, (m?.index ?? 0) + lead.length + count.length);
      writeFileSync(report, replaceCollapsed(readFileSync(report, 'utf8'), upToCount, String(Number(count) + 1)));
      const build = await runScriptAsync('build-index', [], { env: temp.dirs, timeoutMs: 120_000 });
      expect(build.status, build.stderr).toBe(0);
      await expect.poll(() => run.stderr, { timeout: 20_000 }).toMatch(/note: the index was rebuilt; answering from it now \(1 report\(s\), \d+ passages\)/u);

      const before = run.stdout.length;
      run.child.stdin?.write(`${QUESTION}\n`);
      await expect.poll(() => run.stdout.slice(before), { timeout: 30_000 }).toContain(NEW);
      expect(run.stdout.slice(before)).not.toContain(OLD);
      run.child.stdin?.end();
      expect((await run.done).status).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 180_000);
});
