/**
 * Message payloads as Discord receives them (snake_case JSON, as discord.js's
 * MessagePayload writes them), and the checks every payload the bot sends
 * must pass: Discord's limits (limitViolations), `allowed_mentions.parse: []`,
 * and no mention left able to ping or render in any text a user sees.
 */
import { expect } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { limitViolations } from '../../src/render/discord.js';
import type { MessageView } from '../../src/bot/reply.js';
import { payload } from '../../src/bot/reply.js';

/** A raw @everyone/@here (no zero-width space after the "@"), user, role or channel mention. */
export const RAW_MENTION = /@(?:everyone|here)|<@[!&]?\d+>|<#\d+>/u;

/** What the bot hands discord.js: reply/editReply/message.reply options. */
export interface BotPayload {
  content?: string;
  embeds?: readonly APIEmbed[];
  components?: readonly { toJSON(): unknown }[];
  files?: readonly { name: string | null }[];
  allowedMentions?: { parse?: readonly string[]; repliedUser?: boolean };
  flags?: number;
}

/** The JSON body discord.js sends for `p`. */
export function wire(p: BotPayload): Record<string, unknown> {
  return {
    ...(p.content !== undefined ? { content: p.content } : {}),
    embeds: p.embeds ?? [],
    components: (p.components ?? []).map((c) => c.toJSON()),
    attachments: (p.files ?? []).map((f, id) => ({ id, filename: f.name })),
    ...(p.allowedMentions ? { allowed_mentions: { parse: p.allowedMentions.parse, replied_user: p.allowedMentions.repliedUser } } : {}),
    ...(p.flags !== undefined ? { flags: p.flags } : {}),
  };
}

/** The wire body of a view sent with `payload()` (editReply, message.reply). */
export function wireView(v: MessageView): Record<string, unknown> {
  return wire(payload(v));
}

/** Every text of a payload a user can see: content, embed title/description/footer/author/fields, button labels. */
export function visibleTexts(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof body.content === 'string') out.push(body.content);
  for (const e of (body.embeds ?? []) as APIEmbed[]) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  for (const row of (body.components ?? []) as { components?: { label?: string }[] }[]) for (const c of row.components ?? []) out.push(c.label ?? '');
  return out.filter((t) => t.length > 0);
}

/** Asserts a payload is within Discord's limits, pings no one, and shows no live mention. Returns its visible texts. */
export function expectSafe(body: Record<string, unknown>, where: string): string[] {
  expect(body.allowed_mentions, where).toMatchObject({ parse: [] });
  expect(limitViolations(body), where).toEqual([]);
  const texts = visibleTexts(body);
  for (const t of texts) expect(RAW_MENTION.test(t), `${where}: ${JSON.stringify(t.slice(0, 300))}`).toBe(false);
  return texts;
}
