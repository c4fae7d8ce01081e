import { describe, expect, it } from 'vitest';
import { AnswerSchema } from '../../src/answer/answer.js';
import { runScript } from '../helpers/run.js';

describe('npm run ask', () => {
  it('prints quotes as block quotes with citations and footnotes', () => {
    const r = runScript('ask', ['How', 'many', 'MPs', 'asked', 'the', 'president', 'to', 'dissolve', 'the', 'Majilis?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^> .*53 deputies/mu);
    expect(r.stdout).toMatch(/— .*PRELIMINARY FINDINGS › Background · p\. 3 · ¶ 1/u);
    expect(r.stdout).toMatch(/\[1\] According to the Constitution/u);
  });

  it('prints the Answer object with --json and honours --k', () => {
    const r = runScript('ask', ['What was the turnout according to the CEC?', '--json', '--k', '2']);
    expect(r.status).toBe(0);
    const answer = AnswerSchema.parse(JSON.parse(r.stdout));
    expect(answer.answered).toBe(true);
    expect(answer.quotes.length).toBeLessThanOrEqual(2);
  });

  it('answers one question per stdin line, loading the model once, one JSON object per line', () => {
    const r = runScript('ask', ['--json'], { input: 'What does APK stand for?\n\nHow many observers did SAILAU deploy?\n🗳️🗳️\n' });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(AnswerSchema.parse(lines[0]).answered).toBe(true);
    expect(AnswerSchema.parse(lines[1]).answered).toBe(false);
    expect(lines[2]).toMatchObject({ error: expect.stringMatching(/no words/u) });
    expect(r.status).toBe(2);
  });

  it('says plainly when the report does not answer, naming the closest sections', () => {
    const r = runScript('ask', ['How many absentee voting certificates were issued?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/The report does not answer this question/u);
    expect(r.stdout).toMatch(/Closest sections:\n {2}- /u);
  });

  it('a blank question given as the argument is refused, not taken as "read stdin"', () => {
    for (const blank of ['', '   ']) {
      const r = runScript('ask', [blank], { input: 'What was the turnout?\n' });
      expect(r.status).toBe(2);
      expect(r.stdout).toMatch(/^Please ask a question: the message was empty\./u);
      expect(r.stdout).not.toMatch(/turnout of 75/u);
    }
  });

  it('rejects a bad question or option with one clear line', () => {
    const long = runScript('ask', ['x'.repeat(1200)]);
    expect(long.stdout).toMatch(/too long/u);
    expect(long.status).toBe(2);
    for (const bad of ['lots', ' 3', '', '0x3', '1e1', '2.0', '11']) {
      const k = runScript('ask', ['turnout?', '--k', bad]);
      expect(k.status, bad).toBe(2);
      expect(k.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(k.stderr).toMatch(/must be a whole number from 1 to 10/u);
    }
  });
});
