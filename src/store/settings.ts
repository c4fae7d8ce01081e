/**
 * The bot's per-server and per-channel settings (the default report set with
 * /config), in one small JSON file under DATA_DIR.
 *
 * - Writes are atomic: a temporary file in the same folder, flushed, then
 *   renamed over the old one, so a crash leaves the old file or the new one.
 * - The file is validated by zod when read. A file that cannot be read or
 *   parsed is logged in one line and the settings start empty; it is never
 *   overwritten: it is moved aside (`<name>.corrupt-<time>`) before anything
 *   new is written, and when that fails nothing is written at all.
 * - Nothing here throws at startup; a failed write is logged with its reason
 *   and throws SettingsStoreError, whose message is fit for the user.
 */
import { existsSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { describeFsError, isFsError } from '../files/errors.js';
import { ensureDir } from '../files/dirs.js';
import { FileCheckError, readCheckedFile } from '../files/read.js';
import { writeFileAtomic } from '../files/write.js';

/** The settings file's name under DATA_DIR. */
export const SETTINGS_FILE = 'settings.json';
/** Largest settings file read (a few bytes per server; far more than any real deployment). */
const MAX_BYTES = 8 * 1024 * 1024;

const snowflake = z.string().regex(/^\d{1,20}$/u);
const reportId = z.string().min(1).max(100);
const ScopeSettingsSchema = z.strictObject({ report: reportId.optional() });
const GuildSettingsSchema = ScopeSettingsSchema.extend({ channels: z.record(snowflake, ScopeSettingsSchema).default({}) });
export const SettingsFileSchema = z.strictObject({
  version: z.literal(1),
  guilds: z.record(snowflake, GuildSettingsSchema),
});
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export class SettingsStoreError extends Error {
  override name = 'SettingsStoreError';
}

/** Where a default report comes from. */
export type SettingScope = 'channel' | 'guild';

export interface DefaultReport {
  report: string;
  scope: SettingScope;
  /** The channel the setting is on (the thread's parent for a question in a thread). */
  channelId?: string;
}

/** Where a question is asked: the server, the channel, and the channel's parent when it is a thread. */
export interface Place {
  guildId: string | null;
  channelId: string | null;
  parentId?: string | null;
}

export interface SettingsLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const empty = (): SettingsFile => ({ version: 1, guilds: {} });

export class SettingsStore {
  private data: SettingsFile = empty();
  /** A file that could not be parsed and is still in place: it must be moved aside before any write. */
  private unreadable: string | null = null;

  /** `path` null: kept in memory only (tests, the load benchmark). */
  constructor(
    readonly path: string | null,
    private readonly log: SettingsLog = { warn: () => undefined, error: () => undefined },
  ) {
    if (path !== null) this.load(path);
  }

  /** Reads the file; never throws (a bad file → one log line and empty settings). */
  private load(path: string): void {
    if (!existsSync(path)) return;
    let reason: string;
    try {
      // The one checked reader (files/read.ts): a regular file, its size checked before reading (a FIFO cannot hang the start).
      const bytes = readCheckedFile(path, { maxBytes: MAX_BYTES, what: 'settings file' });
      const parsed = SettingsFileSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      if (parsed.success) {
        this.data = parsed.data;
        return;
      }
      const issue = parsed.error.issues[0];
      reason = `unexpected format at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? 'invalid'}`;
    } catch (e) {
      reason = e instanceof FileCheckError ? e.message : isFsError(e) ? describeFsError(e) : e instanceof SyntaxError ? `not valid JSON (${e.message})` : String(e);
    }
    this.unreadable = path;
    this.log.error({ path, reason }, `settings file ${path} could not be read (${reason}); using no settings, and keeping the file aside before saving any`);
  }

  /** The default report for a question asked at `place`: the channel's (or its thread parent's), else the server's. */
  defaultReport(place: Place): DefaultReport | undefined {
    return this.defaultReports(place)[0];
  }

  /** Every default report that applies at `place`, the one that wins first: the channel's, its thread parent's, the server's. */
  defaultReports(place: Place): DefaultReport[] {
    if (place.guildId === null) return [];
    const guild = this.data.guilds[place.guildId];
    if (!guild) return [];
    const out: DefaultReport[] = [];
    for (const channelId of [place.channelId, place.parentId]) {
      const report = channelId ? guild.channels[channelId]?.report : undefined;
      if (report !== undefined && channelId) out.push({ report, scope: 'channel', channelId });
    }
    if (guild.report !== undefined) out.push({ report: guild.report, scope: 'guild' });
    return out;
  }

  /** The server's own setting and every channel setting in it. */
  guildSettings(guildId: string): { report: string | undefined; channels: { channelId: string; report: string }[] } {
    const guild = this.data.guilds[guildId];
    return {
      report: guild?.report,
      channels: Object.entries(guild?.channels ?? {}).flatMap(([channelId, s]) => (s.report !== undefined ? [{ channelId, report: s.report }] : [])),
    };
  }

  /** Sets (or with null, clears) the default report of a server, or of one channel in it; saves at once. */
  setDefaultReport(target: { guildId: string; channelId?: string }, report: string | null): void {
    const next: SettingsFile = structuredClone(this.data);
    const guild = (next.guilds[target.guildId] ??= { channels: {} });
    if (target.channelId === undefined) {
      if (report === null) delete guild.report;
      else guild.report = report;
    } else {
      const channel = (guild.channels[target.channelId] ??= {});
      if (report === null) delete channel.report;
      else channel.report = report;
      if (Object.keys(channel).length === 0) delete guild.channels[target.channelId];
    }
    if (guild.report === undefined && Object.keys(guild.channels).length === 0) delete next.guilds[target.guildId];
    this.save(next);
    this.data = next;
  }

  private save(next: SettingsFile): void {
    const path = this.path;
    if (path === null) return;
    try {
      ensureDir(dirname(path));
      if (this.unreadable !== null) {
        const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/gu, '-')}`;
        renameSync(this.unreadable, aside);
        this.log.warn({ path, aside }, `kept the unreadable settings file aside as ${aside}`);
        this.unreadable = null;
      }
      writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, { replace: true });
    } catch (e) {
      const reason = isFsError(e) ? describeFsError(e) : e instanceof Error ? e.message : String(e);
      this.log.error({ path, reason }, 'could not save the settings');
      throw new SettingsStoreError('The setting could not be saved (the reason is in the bot’s log). Nothing was changed.');
    }
  }
}

/** The settings store of a deployment: DATA_DIR/settings.json. */
export function openSettingsStore(dataDir: string, log?: SettingsLog): SettingsStore {
  return new SettingsStore(join(dataDir, SETTINGS_FILE), log);
}
