/** The /config settings file: atomic writes, zod on read, an unreadable file kept aside and never overwritten, no crash. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore, SETTINGS_FILE, SettingsFileSchema, SettingsStore, SettingsStoreError } from '../../src/store/settings.js';

let dir: string;
const logs: { level: string; msg: string }[] = [];
const log = { warn: (_o: object, msg: string) => void logs.push({ level: 'warn', msg }), error: (_o: object, msg: string) => void logs.push({ level: 'error', msg }) };
const G = '111111111111111111';
const C = '222222222222222222';
const T = '333333333333333333';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-settings-'));
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('a FIFO in place of the file: one log line and no settings, without hanging at start', () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    execFileSync('mkfifo', [join(data, SETTINGS_FILE)]);
    const store = openSettingsStore(data, log);
    expect(store.defaultReport({ guildId: G, channelId: C })).toBeUndefined();
    expect(logs).toHaveLength(1);
    expect(logs[0]?.msg).toMatch(/not a regular file/u);
  });

  it('starts empty without a file, creates DATA_DIR on the first write, and reads back what it wrote', () => {
    const data = join(dir, 'data');
    const store = openSettingsStore(data, log);
    expect(store.defaultReport({ guildId: G, channelId: C })).toBeUndefined();
    expect(existsSync(data)).toBe(false);
    store.setDefaultReport({ guildId: G }, 'report-a');
    store.setDefaultReport({ guildId: G, channelId: C }, 'report-b');
    const file = join(data, SETTINGS_FILE);
    expect(SettingsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual({ version: 1, guilds: { [G]: { report: 'report-a', channels: { [C]: { report: 'report-b' } } } } });
    // No temporary file is left behind.
    expect(readdirSync(data)).toEqual([SETTINGS_FILE]);
    const again = openSettingsStore(data, log);
    expect(again.defaultReport({ guildId: G, channelId: C })).toEqual({ report: 'report-b', scope: 'channel', channelId: C });
    expect(again.defaultReport({ guildId: G, channelId: '999999999999999999' })).toEqual({ report: 'report-a', scope: 'guild' });
    // In a thread, its parent channel's setting applies.
    expect(again.defaultReport({ guildId: G, channelId: T, parentId: C })).toEqual({ report: 'report-b', scope: 'channel', channelId: C });
    expect(again.defaultReport({ guildId: null, channelId: C })).toBeUndefined();
    expect(logs).toEqual([]);
  });

  it('clears a channel, then the server; an empty server leaves no entry', () => {
    const store = openSettingsStore(dir, log);
    store.setDefaultReport({ guildId: G }, 'a');
    store.setDefaultReport({ guildId: G, channelId: C }, 'b');
    store.setDefaultReport({ guildId: G, channelId: C }, null);
    expect(store.defaultReports({ guildId: G, channelId: C })).toEqual([{ report: 'a', scope: 'guild' }]);
    store.setDefaultReport({ guildId: G }, null);
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, guilds: {} });
  });

  it.each([
    ['not JSON', '{"version": 1, "guilds": {'],
    ['the wrong shape', JSON.stringify({ version: 2, guilds: {} })],
    ['a bad id', JSON.stringify({ version: 1, guilds: { 'not-a-snowflake': { report: 'x', channels: {} } } })],
  ])('a file that is %s: one log line, no settings, never overwritten: kept aside before the next write', (_what, text) => {
    const file = join(dir, SETTINGS_FILE);
    writeFileSync(file, text);
    const store = openSettingsStore(dir, log);
    expect(logs).toHaveLength(1);
    expect(logs[0]?.level).toBe('error');
    expect(logs[0]?.msg).toMatch(/^settings file .* could not be read \(.+\); using no settings/u);
    expect(logs[0]?.msg).not.toContain('\n');
    expect(store.defaultReport({ guildId: G, channelId: C })).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(text); // untouched by reading
    store.setDefaultReport({ guildId: G }, 'a');
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(text);
    expect(openSettingsStore(dir).defaultReport({ guildId: G, channelId: C })?.report).toBe('a');
  });

  it('a write that fails throws a SettingsStoreError fit for the user and keeps the settings as they were', () => {
    if (process.getuid?.() === 0) {
      // root writes through permissions: make the data path a file instead, so mkdir fails.
      const blocked = join(dir, 'blocked');
      writeFileSync(blocked, 'x');
      const store = new SettingsStore(join(blocked, SETTINGS_FILE), log);
      expect(() => store.setDefaultReport({ guildId: G }, 'a')).toThrow(SettingsStoreError);
      expect(store.defaultReport({ guildId: G, channelId: C })).toBeUndefined();
      expect(logs.at(-1)?.msg).toBe('could not save the settings');
      return;
    }
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const store = openSettingsStore(ro, log);
    expect(() => store.setDefaultReport({ guildId: G }, 'a')).toThrow(/could not be saved/u);
    expect(store.defaultReport({ guildId: G, channelId: C })).toBeUndefined();
  });

  it('in memory (no path), it keeps settings without touching the disk', () => {
    const store = new SettingsStore(null);
    store.setDefaultReport({ guildId: G, channelId: C }, 'a');
    expect(store.defaultReport({ guildId: G, channelId: C })?.report).toBe('a');
  });
});
