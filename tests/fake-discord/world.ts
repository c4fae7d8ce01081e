/**
 * The fake's in-memory model of Discord: bot user, application, users, guilds (roles, channels,
 * members), DM channels, messages, application commands and interactions, plus the builders that
 * turn it into API payloads (READY, GUILD_CREATE, messages, ...).
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
  type APIApplication,
  type APIApplicationCommand,
  type APIAttachment,
  type APIDMChannel,
  type APIEmbed,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIMessageReference,
  type APIMessageTopLevelComponent,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { randomToken, snowflake } from './snowflake.js';
import type { RecordedFile } from './types.js';
import { isRecord } from './validation.js';

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** Discord's default @everyone permissions for a new server (roughly). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.UseVAD;

/** Permissions of the bot's managed role in the default guild. */
export const DEFAULT_BOT_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;

/** Permissions Discord reports as `app_permissions` in a DM with the bot. */
export const DM_APP_PERMISSIONS: bigint =
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendTTSMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendVoiceMessages |
  PermissionFlagsBits.SendPolls |
  PermissionFlagsBits.UseExternalApps;

export interface FakeUserInit {
  readonly id?: string;
  readonly username: string;
  readonly globalName?: string | null;
  readonly bot?: boolean;
}

export interface FakeRoleInit {
  readonly id?: string;
  readonly name: string;
  readonly permissions?: bigint;
  readonly position?: number;
  readonly managed?: boolean;
}

export interface FakeChannelInit {
  readonly id?: string;
  readonly name: string;
  readonly topic?: string | null;
}

export interface FakeGuildInit {
  readonly id?: string;
  readonly name?: string;
  /** Text channels (type 0). Default: `general` and `reports`. */
  readonly channels?: readonly FakeChannelInit[];
  /** Extra roles besides @everyone and the bot's managed role. Default: `Moderator`. */
  readonly roles?: readonly FakeRoleInit[];
  readonly everyonePermissions?: bigint;
  readonly botPermissions?: bigint;
  readonly preferredLocale?: Locale;
}

export interface FakeGuild {
  readonly id: string;
  name: string;
  ownerId: string;
  preferredLocale: Locale;
  readonly joinedAt: string;
  readonly roles: APIRole[];
  readonly channels: APITextChannel[];
  readonly members: Map<string, APIGuildMember>;
  /** Threads (public, from a message), active or not. */
  readonly threads: APIThreadChannel[];
}

export interface ChannelInfo {
  readonly guildId: string | null;
  readonly channel: APITextChannel | APIDMChannel | APIThreadChannel;
}

/** Auto-archive durations Discord accepts for a thread, in minutes. */
export const THREAD_ARCHIVE_DURATIONS: readonly number[] = [60, 1440, 4320, 10080];

export type InteractionAck = 'none' | 'message' | 'deferred' | 'deferredUpdate' | 'update' | 'autocomplete' | 'modal';

export interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  readonly channelId: string | null;
  readonly guildId: string | null;
  /** Dispatch time on the fake clock (set when sent on the gateway). */
  dispatchedAt: number;
  ack: InteractionAck;
  ackAt: number | null;
  /** Id of the message `@original` refers to (reply, deferred reply, or the component's message). */
  originalMessageId: string | null;
  readonly followupIds: string[];
  autocompleteChoices: unknown[] | null;
  /** The modal shown in answer to this interaction (callback type 9), or null. */
  modal: Record<string, unknown> | null;
}

/** A modal the bot showed, by its custom id: what `sendInteraction({ kind: 'modal' })` submits. */
export interface ShownModal {
  readonly data: Record<string, unknown>;
  /** The message of the component the modal was opened from, if any. */
  readonly message: APIMessage | null;
  /** Who it was shown to. */
  readonly userId: string | null;
}

export interface MessageAuthorOptions {
  readonly author: APIUser;
  readonly guildId: string | null;
  readonly type?: MessageType;
  readonly webhookId?: string;
  readonly applicationId?: string;
  readonly interactionMetadata?: APIMessageInteractionMetadata;
  readonly reference?: APIMessageReference;
  readonly flags?: number;
}

const CDN = 'https://cdn.discordapp.com';

/** `0` for a flags enum that has no zero member (TS 5 rejects the bare literal). */
export function noFlags<T extends number>(): T {
  return 0 as T;
}

function iso(ms: number = Date.now()): string {
  return new Date(ms).toISOString();
}

export function makeUser(init: FakeUserInit): APIUser {
  return {
    id: init.id ?? snowflake(),
    username: init.username,
    discriminator: '0',
    global_name: init.globalName === undefined ? (init.bot ? null : init.username) : init.globalName,
    avatar: null,
    ...(init.bot ? { bot: true } : {}),
    public_flags: noFlags(),
    flags: noFlags(),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

function makeRole(init: FakeRoleInit & { id: string }): APIRole {
  return {
    id: init.id,
    name: init.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: init.position ?? 1,
    permissions: (init.permissions ?? 0n).toString(),
    managed: init.managed ?? false,
    mentionable: false,
    flags: noFlags(),
  };
}

function makeMember(user: APIUser, roles: readonly string[], joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: [...roles],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags(),
    pending: false,
    communication_disabled_until: null,
  };
}

/** Finds a component with `custom_id` anywhere in a message's component tree. */
export function findComponent(components: unknown, customId: string): Record<string, unknown> | null {
  if (!Array.isArray(components)) return null;
  for (const c of components) {
    if (!isRecord(c)) continue;
    if (c.custom_id === customId) return c;
    const nested = findComponent(c.components, customId) ?? findComponent(c.accessory ? [c.accessory] : [], customId);
    if (nested) return nested;
  }
  return null;
}

export class FakeWorld {
  readonly bot: APIUser;
  readonly application: APIApplication;
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly dmChannels = new Map<string, APIDMChannel>();
  readonly messages = new Map<string, APIMessage>();
  readonly channelMessages = new Map<string, string[]>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionState>();
  /** Modals shown, by custom id (the latest one for each). */
  readonly modals = new Map<string, ShownModal>();
  readonly interactionsByToken = new Map<string, InteractionState>();

  constructor(opts: { readonly botUsername?: string; readonly botUserId?: string; readonly applicationId?: string } = {}) {
    const botId = opts.botUserId ?? snowflake();
    this.bot = makeUser({ id: botId, username: opts.botUsername ?? 'Verbatim', bot: true });
    this.users.set(botId, this.bot);
    const appId = opts.applicationId ?? botId;
    this.application = {
      id: appId,
      name: this.bot.username,
      icon: null,
      description: 'Fake application',
      bot_public: true,
      bot_require_code_grant: false,
      bot: this.bot,
      summary: '',
      verify_key: '0'.repeat(64),
      team: null,
      flags: noFlags(),
      flags_new: '0',
    };
  }

  // ---------------------------------------------------------------- users, guilds, channels

  addUser(init: FakeUserInit): APIUser {
    const user = makeUser(init);
    this.users.set(user.id, user);
    return user;
  }

  addGuild(init: FakeGuildInit, ownerId: string): FakeGuild {
    const id = init.id ?? snowflake();
    const joinedAt = iso();
    const roles: APIRole[] = [
      makeRole({ id, name: '@everyone', position: 0, permissions: init.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS }),
    ];
    const botRole = makeRole({
      id: snowflake(),
      name: this.bot.username,
      position: 1,
      permissions: init.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      managed: true,
    });
    botRole.tags = { bot_id: this.bot.id };
    roles.push(botRole);
    const extraRoles = init.roles ?? [{ name: 'Moderator', permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ManageGuild }];
    extraRoles.forEach((r, i) => roles.push(makeRole({ ...r, id: r.id ?? snowflake(), position: r.position ?? i + 2 })));
    const channelInits = init.channels ?? [{ name: 'general' }, { name: 'reports', topic: 'Election reports' }];
    const channels = channelInits.map((c, position): APITextChannel => ({
      id: c.id ?? snowflake(),
      type: ChannelType.GuildText,
      guild_id: id,
      name: c.name,
      position,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: c.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      last_pin_timestamp: null,
      flags: noFlags(),
    }));
    const guild: FakeGuild = {
      id,
      name: init.name ?? 'Fake Guild',
      ownerId,
      preferredLocale: init.preferredLocale ?? Locale.EnglishUS,
      joinedAt,
      roles,
      channels,
      members: new Map(),
      threads: [],
    };
    this.guilds.set(id, guild);
    this.addMember(id, this.bot.id, [botRole.id]);
    const owner = this.users.get(ownerId);
    if (owner) this.addMember(id, ownerId, []);
    return guild;
  }

  addMember(guildId: string, userId: string, roleIds: readonly string[] = []): APIGuildMember {
    const guild = this.requireGuild(guildId);
    const user = this.users.get(userId);
    if (!user) throw new Error(`FakeDiscord: unknown user ${userId}`);
    const member = makeMember(user, roleIds, iso());
    guild.members.set(userId, member);
    return member;
  }

  addChannel(guildId: string, init: FakeChannelInit): APITextChannel {
    const guild = this.requireGuild(guildId);
    const channel: APITextChannel = {
      id: init.id ?? snowflake(),
      type: ChannelType.GuildText,
      guild_id: guildId,
      name: init.name,
      position: guild.channels.length,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: init.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      last_pin_timestamp: null,
      flags: noFlags(),
    };
    guild.channels.push(channel);
    return channel;
  }

  requireGuild(guildId: string): FakeGuild {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    return guild;
  }

  roleByName(guildId: string, name: string): APIRole | undefined {
    return this.guilds.get(guildId)?.roles.find((r) => r.name === name);
  }

  /** The DM channel between the bot and `userId` (created on first use, like `POST /users/@me/channels`). */
  dmChannelFor(userId: string): APIDMChannel {
    let channel = this.dmChannels.get(userId);
    if (!channel) {
      const user = this.users.get(userId);
      if (!user) throw new Error(`FakeDiscord: unknown user ${userId}`);
      channel = { id: snowflake(), type: ChannelType.DM, name: null, recipients: [user], last_message_id: null, flags: noFlags() };
      this.dmChannels.set(userId, channel);
    }
    return channel;
  }

  getChannel(channelId: string): ChannelInfo | null {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((c) => c.id === channelId) ?? guild.threads.find((c) => c.id === channelId);
      if (channel) return { guildId: guild.id, channel };
    }
    for (const channel of this.dmChannels.values()) if (channel.id === channelId) return { guildId: null, channel };
    return null;
  }

  /** Guild-level permissions of a member (owner and Administrator get everything; no channel overwrites). */
  memberPermissions(guildId: string, userId: string, roleIds?: readonly string[]): bigint {
    const guild = this.requireGuild(guildId);
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const roles = roleIds ?? guild.members.get(userId)?.roles ?? [];
    let perms = BigInt(guild.roles.find((r) => r.id === guild.id)?.permissions ?? '0');
    for (const roleId of roles) {
      const role = guild.roles.find((r) => r.id === roleId);
      if (role) perms |= BigInt(role.permissions);
    }
    return (perms & PermissionFlagsBits.Administrator) !== 0n ? ALL_PERMISSIONS : perms;
  }

  // ---------------------------------------------------------------- gateway payloads

  readyPayload(sessionId: string, resumeGatewayUrl: string): GatewayReadyDispatchData {
    return {
      v: 10,
      user: this.bot,
      guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: resumeGatewayUrl,
      shard: [0, 1],
      application: { id: this.application.id, flags: this.application.flags, flags_new: this.application.flags_new },
    };
  }

  guildCreatePayload(guildId: string): GatewayGuildCreateDispatchData {
    const g = this.requireGuild(guildId);
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      roles: g.roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: g.channels[0]?.id ?? null,
      system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
      rules_channel_id: null,
      max_members: 500_000,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: [...g.members.values()],
      channels: g.channels,
      threads: g.threads.filter((t) => t.thread_metadata?.archived !== true),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /**
   * Starts a public thread on a stored message (POST /channels/:id/messages/:id/threads): the
   * thread's id is the message's, its owner `ownerId`; the message gets HAS_THREAD and `thread`.
   */
  startThread(message: APIMessage, guildId: string, init: { name: string; autoArchiveDuration: number; ownerId: string; rateLimitPerUser?: number }): APIThreadChannel {
    const guild = this.requireGuild(guildId);
    const now = iso();
    const thread = {
      id: message.id,
      type: ChannelType.PublicThread,
      guild_id: guildId,
      parent_id: message.channel_id,
      owner_id: init.ownerId,
      name: init.name,
      last_message_id: null,
      last_pin_timestamp: null,
      rate_limit_per_user: init.rateLimitPerUser ?? 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: noFlags(),
      applied_tags: [],
      thread_metadata: { archived: false, auto_archive_duration: init.autoArchiveDuration, archive_timestamp: now, locked: false, create_timestamp: now },
      member: { id: message.id, user_id: init.ownerId, join_timestamp: now, flags: noFlags() },
    } as unknown as APIThreadChannel;
    guild.threads.push(thread);
    message.flags = (message.flags ?? 0) | MessageFlags.HasThread;
    message.thread = thread;
    return thread;
  }

  // ---------------------------------------------------------------- messages

  /** `<@id>` / `<@!id>` user mentions, `<@&id>` role mentions and @everyone in `content`. */
  parseMentions(content: string, guildId: string | null): { users: APIUser[]; roles: string[]; everyone: boolean } {
    const users: APIUser[] = [];
    for (const m of content.matchAll(/<@!?(\d{5,25})>/g)) {
      const user = m[1] === undefined ? undefined : this.users.get(m[1]);
      if (user && !users.some((u) => u.id === user.id)) users.push(user);
    }
    const roles = [...content.matchAll(/<@&(\d{5,25})>/g)]
      .map((m) => m[1] ?? '')
      .filter((id) => guildId !== null && this.guilds.get(guildId)?.roles.some((r) => r.id === id));
    return { users, roles: [...new Set(roles)], everyone: /@(everyone|here)\b/.test(content) };
  }

  /** Attachment objects for an outgoing message (resolving `attachments[].id` against uploaded `files[n]`). */
  resolveAttachments(body: Record<string, unknown>, files: readonly RecordedFile[], existing: readonly APIAttachment[]): APIAttachment[] {
    const fromFile = (file: RecordedFile, meta: Record<string, unknown>): APIAttachment => {
      const id = snowflake();
      const filename = typeof meta.filename === 'string' ? meta.filename : file.filename;
      return {
        id,
        filename,
        size: file.size,
        url: `${CDN}/attachments/0/${id}/${encodeURIComponent(filename)}`,
        proxy_url: `https://media.discordapp.net/attachments/0/${id}/${encodeURIComponent(filename)}`,
        content_type: file.contentType,
        ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
      };
    };
    const byIndex = new Map<string, RecordedFile>();
    for (const file of files) {
      const m = /^files\[(\d+)\]$/.exec(file.field);
      byIndex.set(m?.[1] ?? file.field, file);
    }
    if (!Array.isArray(body.attachments)) {
      return [...existing, ...files.map((f) => fromFile(f, {}))];
    }
    const out: APIAttachment[] = [];
    for (const item of body.attachments) {
      if (!isRecord(item)) continue;
      const id = String(item.id);
      const kept = existing.find((a) => a.id === id);
      const file = byIndex.get(id);
      if (kept) out.push(kept);
      else if (file) out.push(fromFile(file, item));
    }
    return out;
  }

  createMessage(channelId: string, body: Record<string, unknown>, files: readonly RecordedFile[], opts: MessageAuthorOptions): APIMessage {
    const content = typeof body.content === 'string' ? body.content : '';
    const mentions = this.parseMentions(content, opts.guildId);
    const reference = opts.reference;
    const referenced = reference?.message_id ? this.messages.get(reference.message_id) ?? null : undefined;
    const id = snowflake();
    const message: APIMessage = {
      id,
      channel_id: channelId,
      author: opts.author,
      content,
      timestamp: iso(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      attachments: this.resolveAttachments(body, files, []),
      embeds: Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]).map((e) => ({ type: 'rich', ...e }) as APIEmbed) : [],
      components: Array.isArray(body.components) ? (body.components as APIMessageTopLevelComponent[]) : [],
      pinned: false,
      type: opts.type ?? (reference ? MessageType.Reply : MessageType.Default),
      flags: opts.flags ?? (typeof body.flags === 'number' ? body.flags : 0),
      ...(typeof body.nonce === 'string' || typeof body.nonce === 'number' ? { nonce: body.nonce } : {}),
      ...(opts.webhookId ? { webhook_id: opts.webhookId } : {}),
      ...(opts.applicationId ? { application_id: opts.applicationId } : {}),
      ...(opts.interactionMetadata ? { interaction_metadata: opts.interactionMetadata } : {}),
      ...(reference ? { message_reference: { type: MessageReferenceType.Default, ...reference } } : {}),
      ...(referenced !== undefined ? { referenced_message: referenced } : {}),
    };
    this.storeMessage(message);
    return message;
  }

  storeMessage(message: APIMessage): void {
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(message.channel_id) ?? [];
    if (!list.includes(message.id)) list.push(message.id);
    this.channelMessages.set(message.channel_id, list);
    const info = this.getChannel(message.channel_id);
    if (info) info.channel.last_message_id = message.id;
    if (info && 'thread_metadata' in info.channel && message.author.id !== '') {
      const t = info.channel as APIThreadChannel & { total_message_sent?: number };
      t.message_count = (t.message_count ?? 0) + 1;
      t.total_message_sent = (t.total_message_sent ?? 0) + 1;
    }
  }

  editMessage(message: APIMessage, body: Record<string, unknown>, files: readonly RecordedFile[]): APIMessage {
    if (typeof body.content === 'string' || body.content === null) {
      message.content = body.content ?? '';
      message.mentions = this.parseMentions(message.content, this.getChannel(message.channel_id)?.guildId ?? null).users;
    }
    if (Array.isArray(body.embeds)) message.embeds = (body.embeds as APIEmbed[]).map((e) => ({ type: 'rich', ...e }) as APIEmbed);
    if (Array.isArray(body.components)) message.components = body.components as APIMessageTopLevelComponent[];
    if (Array.isArray(body.attachments) || files.length > 0) message.attachments = this.resolveAttachments(body, files, message.attachments);
    if (typeof body.flags === 'number') {
      // Only SUPPRESS_EMBEDS / IS_COMPONENTS_V2 may be changed by an edit; EPHEMERAL is kept.
      const keep = (message.flags ?? 0) & MessageFlags.Ephemeral;
      message.flags = keep | (body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2));
    }
    message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    message.edited_timestamp = iso();
    return message;
  }

  deleteMessage(messageId: string): void {
    const message = this.messages.get(messageId);
    if (!message) return;
    this.messages.delete(messageId);
    const list = this.channelMessages.get(message.channel_id);
    if (list) list.splice(list.indexOf(messageId), 1);
  }

  messagesIn(channelId: string): APIMessage[] {
    return (this.channelMessages.get(channelId) ?? []).flatMap((id) => {
      const m = this.messages.get(id);
      return m ? [m] : [];
    });
  }

  /** The latest message in `channelId` that has a component with `customId`. */
  findMessageWithComponent(channelId: string, customId: string): APIMessage | null {
    const list = this.messagesIn(channelId);
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i];
      if (m && findComponent(m.components, customId)) return m;
    }
    return null;
  }

  // ---------------------------------------------------------------- commands

  commandList(guildId: string | null): APIApplicationCommand[] {
    if (guildId === null) return this.globalCommands;
    let list = this.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.guildCommands.set(guildId, list);
    }
    return list;
  }

  /** Creates or updates a command (Discord keeps the id of a command with the same name and type). */
  upsertCommand(guildId: string | null, body: Record<string, unknown>, existing: readonly APIApplicationCommand[]): APIApplicationCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = String(body.name);
    const previous = existing.find((c) => c.name === name && c.type === type);
    const command = {
      default_member_permissions: null,
      nsfw: false,
      description_localizations: null,
      name_localizations: null,
      integration_types: [0],
      contexts: null,
      options: [],
      ...body,
      description: typeof body.description === 'string' ? body.description : '',
      id: previous?.id ?? snowflake(),
      application_id: this.application.id,
      type,
      version: snowflake(),
      ...(guildId !== null ? { guild_id: guildId } : {}),
    } as unknown as APIApplicationCommand;
    return command;
  }

  findCommand(name: string, guildId: string | null): APIApplicationCommand | undefined {
    return (guildId !== null ? this.guildCommands.get(guildId)?.find((c) => c.name === name) : undefined) ?? this.globalCommands.find((c) => c.name === name);
  }

  // ---------------------------------------------------------------- interactions

  registerInteraction(payload: APIInteraction): InteractionState {
    const state: InteractionState = {
      id: payload.id,
      token: payload.token,
      payload,
      channelId: payload.channel?.id ?? payload.channel_id ?? null,
      guildId: payload.guild_id ?? null,
      dispatchedAt: Number.NaN,
      ack: 'none',
      ackAt: null,
      originalMessageId: null,
      followupIds: [],
      autocompleteChoices: null,
      modal: null,
    };
    this.interactions.set(state.id, state);
    this.interactionsByToken.set(state.token, state);
    return state;
  }

  newInteractionToken(): string {
    return randomToken('aW50ZXJhY3Rpb246', 120);
  }
}
