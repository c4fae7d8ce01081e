/**
 * Which report a question is asked of: the command's `report` option when
 * given; else the default set with /config for the channel (or the thread's
 * parent channel), else the server's; else all indexed reports. A default
 * that is no longer indexed is ignored, with a note for the asker.
 */
import type { Engine } from '../engine/engine.js';
import { escapeText } from '../render/discord.js';
import type { Place } from '../store/settings.js';
import type { BotContext } from './context.js';
import { resolveReport } from './commands/shared.js';

export interface ReportChoice {
  /** Report id, or undefined for all reports. */
  report: string | undefined;
  /** One line to show above the answer (a default that is no longer indexed), or null. */
  note: string | null;
}

/** Where an interaction or a message is: its server, channel and (in a thread) parent channel. */
export function placeOf(source: { guildId: string | null; channelId: string | null; channel: { isThread(): boolean; parentId?: string | null } | null }): Place {
  const parentId = source.channel?.isThread() ? (source.channel.parentId ?? null) : null;
  return { guildId: source.guildId, channelId: source.channelId, parentId };
}

export function chooseReport(ctx: BotContext, engine: Engine, explicit: string | null, place: Place): ReportChoice {
  const given = resolveReport(engine, explicit);
  if (given !== undefined) return { report: given, note: null };
  const notes: string[] = [];
  for (const configured of ctx.settingsStore.defaultReports(place)) {
    if (engine.report(configured.report)) return { report: configured.report, note: joinNotes(...notes) };
    ctx.log.warn({ guildId: place.guildId, channelId: configured.channelId ?? null, report: configured.report, scope: configured.scope }, 'the configured default report is not indexed; ignored');
    const where = configured.scope === 'channel' ? 'this channel' : 'this server';
    notes.push(`Note: the default report set for ${where} (${escapeText(configured.report)}) is no longer indexed, so it was not used. A server manager can change it with /config.`);
  }
  return { report: undefined, note: joinNotes(...notes) };
}

/** A note line and an existing note (e.g. the channel-busy note) as one content text. */
export function joinNotes(...notes: (string | null | undefined)[]): string | null {
  const present = notes.filter((n): n is string => typeof n === 'string' && n.length > 0);
  return present.length > 0 ? present.join('\n') : null;
}
