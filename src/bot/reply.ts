/**
 * Message payload helpers. Every payload the bot sends carries
 * `allowedMentions: { parse: [], repliedUser: false }` (besides the client
 * default), so nothing the bot posts can ever ping anyone.
 */
import { AttachmentBuilder, MessageFlags, type ActionRowBuilder, type APIEmbed, type ButtonBuilder, type MessageMentionOptions } from 'discord.js';
import { LIMITS, truncate } from '../render/discord.js';

export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

/** A message the bot composes: embeds, button rows, attachments. */
export interface MessageView {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
  files: AttachmentBuilder[];
}

export function view(parts: Partial<MessageView>): MessageView {
  return { embeds: [], components: [], files: [], ...parts };
}

/** A plain-text view (content cut to 2,000 characters at a word, with "…"). */
export function textView(content: string): MessageView {
  return view({ content: truncate(content, LIMITS.content) });
}

/** `v` with a one-line note as its content, above its embeds. */
export function withNote(v: MessageView, note: string): MessageView {
  return { ...v, content: truncate(note, LIMITS.content) };
}

/** A Markdown attachment holding a full text that an embed had to shorten. */
export function markdownFile(name: string, markdown: string): AttachmentBuilder {
  return new AttachmentBuilder(Buffer.from(markdown, 'utf8'), { name, description: 'The full text, unshortened' });
}

/** Options for reply/editReply/followUp/update/message.reply: the view plus no pings. */
export function payload(v: MessageView) {
  return { content: v.content ?? '', embeds: v.embeds, components: v.components, files: v.files, allowedMentions: NO_PINGS };
}

/** `payload` with the ephemeral flag (64), for reply/followUp/deferReply. */
export function ephemeralPayload(v: MessageView) {
  return { ...payload(v), flags: MessageFlags.Ephemeral as const };
}

/** A reply payload, ephemeral or not. */
export function replyPayload(v: MessageView, ephemeral: boolean) {
  return ephemeral ? ephemeralPayload(v) : payload(v);
}

/** An ephemeral one-line reply. */
export function ephemeralText(content: string) {
  return ephemeralPayload(textView(content));
}
