/**
 * FakeDiscord: a local Discord (REST + gateway on 127.0.0.1) for driving the real discord.js Client
 * in tests. See index.ts for a usage example.
 */
import { performance } from 'node:perf_hooks';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageType,
  type APIApplicationCommand,
  type APIAttachment,
  type APIEmbed,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { FakeGateway } from './gateway.js';
import { buildInteraction, type InteractionInit } from './interactions.js';
import { createRoutes, linkRequest, type HandlerHooks } from './rest-handlers.js';
import { RestServer, type WaitOptions } from './rest-server.js';
import { routeMatches, type RouteSpec } from './routes.js';
import { snowflake } from './snowflake.js';
import type { FaultRule, RecordedRequest, RestFaultInit } from './types.js';
import { FakeWorld, noFlags, type FakeGuild, type FakeGuildInit, type FakeUserInit, type InteractionState } from './world.js';

export interface FakeDiscordOptions {
  /** If set, REST `Authorization: Bot <token>` and IDENTIFY/RESUME tokens must match. Default: any token. */
  readonly token?: string | null;
  readonly botUsername?: string;
  readonly botUserId?: string;
  readonly applicationId?: string;
  /** Guilds the bot is in. Default: one guild with channels `general`, `reports`. `[]` for none. */
  readonly guilds?: readonly FakeGuildInit[];
  /** HELLO heartbeat_interval. Default 41 250 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Interaction callbacks arriving later than this get 404 Unknown interaction (10062). Default 3000; null disables. */
  readonly ackDeadlineMs?: number | null;
  /** Drop MESSAGE_CREATE without GuildMessages/DirectMessages and blank content without MessageContent. Default false. */
  readonly enforceIntents?: boolean;
  /** Privileged intents not enabled for the application (e.g. MessageContent): an IDENTIFY with one is closed with 4014. Default none. */
  readonly disallowedIntents?: number;
  /** Log requests and gateway events (true = console.log). */
  readonly log?: boolean | ((line: string) => void);
}

export interface MessageInit {
  readonly content: string;
  /** Default: the first guild's first text channel (or the author's DM channel with `dm: true`). */
  readonly channelId?: string;
  readonly dm?: boolean;
  /** Author (object or id). Default `users.alice`; use `users.otherBot` for a bot author. */
  readonly author?: APIUser | string;
  /** Prefix the content with `<@botId> ` (a real mention of the bot). */
  readonly mentionBot?: boolean;
  /** Extra mentioned users (mentions written as `<@id>` in content are detected automatically). */
  readonly mentions?: readonly (APIUser | string)[];
  /** Make this a reply to a stored message (sets message_reference / referenced_message). */
  readonly replyTo?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly attachments?: readonly { readonly filename: string; readonly size?: number; readonly contentType?: string }[];
  /** Author member roles (ids or names), guild messages only. */
  readonly roles?: readonly string[];
}

function toLogger(opt: FakeDiscordOptions['log']): ((line: string) => void) | undefined {
  if (opt === true) return (line) => console.log(`[fake-discord] ${line}`);
  return typeof opt === 'function' ? opt : undefined;
}

/** A dispatched interaction: await its callback and follow-ups. */
export class InteractionHandle {
  constructor(
    private readonly fake: FakeDiscord,
    private readonly st: InteractionState,
  ) {}

  get id(): string {
    return this.st.id;
  }

  get token(): string {
    return this.st.token;
  }

  get payload(): APIInteraction {
    return this.st.payload;
  }

  /** Dispatch time on the fake clock (`fake.now()`). */
  get dispatchedAt(): number {
    return this.st.dispatchedAt;
  }

  /** Server-side state: ack kind/time, original message id, follow-up ids, autocomplete choices. */
  get state(): Readonly<InteractionState> {
    return this.st;
  }

  /** The current `@original` message as the fake stores it, or null. */
  original(): APIMessage | null {
    return this.st.originalMessageId ? (this.fake.world.messages.get(this.st.originalMessageId) ?? null) : null;
  }

  /** All requests linked to this interaction (callback, webhook edits, follow-ups). */
  requests(): RecordedRequest[] {
    return this.fake.requests.filter((r) => r.link?.kind === 'interaction' && r.link.id === this.st.id);
  }

  /** Waits for a request to `route` linked to this interaction (any status unless `where` says otherwise). */
  waitFor(route: RouteSpec<RecordedRequest>, opts: WaitOptions & { readonly where?: (r: RecordedRequest) => boolean } = {}): Promise<RecordedRequest> {
    const where = opts.where;
    return this.fake.waitForRequest(route, {
      ...opts,
      where: (r) => r.link?.kind === 'interaction' && r.link.id === this.st.id && (where ? where(r) : true),
    });
  }

  /** Waits for the first successful (2xx) `POST /interactions/:id/:token/callback`. */
  callback(opts: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitFor('POST /interactions/:id/:token/callback', { ...opts, where: (r) => r.status < 300 });
  }

  /** The modal shown in answer to this interaction (callback type 9), or null. */
  modal(): Record<string, unknown> | null {
    return this.st.modal;
  }

  /** Waits for a successful `PATCH /webhooks/:appId/:token/messages/@original`. */
  editOriginal(opts: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitFor('PATCH /webhooks/:appId/:token/messages/@original', { ...opts, where: (r) => r.status < 300 });
  }

  /** Waits for a successful follow-up `POST /webhooks/:appId/:token`. */
  followUp(opts: WaitOptions = {}): Promise<RecordedRequest> {
    return this.waitFor('POST /webhooks/:appId/:token', { ...opts, where: (r) => r.status < 300 });
  }
}

/** A dispatched MESSAGE_CREATE. */
export class MessageHandle {
  constructor(
    private readonly fake: FakeDiscord,
    readonly message: APIMessage,
    /** Dispatch time on the fake clock; NaN if not delivered. */
    readonly dispatchedAt: number,
    /** False if dropped because of missing intents (`enforceIntents`). */
    readonly delivered: boolean,
  ) {}

  get id(): string {
    return this.message.id;
  }

  /** Waits for a successful `POST /channels/:id/messages` replying to this message (message_reference). */
  waitForReply(opts: WaitOptions = {}): Promise<RecordedRequest> {
    return this.fake.waitForRequest('POST /channels/:channelId/messages', {
      ...opts,
      where: (r) => r.status < 300 && r.link?.kind === 'message' && r.link.id === this.message.id && hasReference(r.body, this.message.id),
    });
  }

  /** Requests linked to this message (replies, typing/sends in its channel while it was the latest). */
  requests(): RecordedRequest[] {
    return this.fake.requests.filter((r) => r.link?.kind === 'message' && r.link.id === this.message.id);
  }
}

function hasReference(body: unknown, messageId: string): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const ref = (body as { message_reference?: { message_id?: unknown } }).message_reference;
  return ref?.message_id === messageId;
}

export class FakeDiscord {
  readonly world: FakeWorld;
  readonly gateway: FakeGateway;
  /** Token to pass to `client.login()` (the configured one, or a plausible dummy). */
  readonly token: string;
  /** Default users: alice (plain member), mod (Moderator role), owner (guild owner), otherBot (a bot). */
  readonly users: { readonly alice: APIUser; readonly mod: APIUser; readonly owner: APIUser; readonly otherBot: APIUser };

  private readonly rest: RestServer;
  private readonly t0 = performance.now();
  private readonly messageDispatches = new Map<string, number>();
  private readonly lastMessageInChannel = new Map<string, string>();
  private readonly enforceIntents: boolean;
  private started = false;

  constructor(options: FakeDiscordOptions = {}) {
    const log = toLogger(options.log);
    this.world = new FakeWorld({
      ...(options.botUsername !== undefined ? { botUsername: options.botUsername } : {}),
      ...(options.botUserId !== undefined ? { botUserId: options.botUserId } : {}),
      ...(options.applicationId !== undefined ? { applicationId: options.applicationId } : {}),
    });
    this.token = options.token ?? `${Buffer.from(this.world.bot.id).toString('base64')}.FAKE00.fake-discord-token-not-real`;
    this.enforceIntents = options.enforceIntents ?? false;
    const owner = this.world.addUser({ username: 'owner' });
    const alice = this.world.addUser({ username: 'alice' });
    const mod = this.world.addUser({ username: 'mod' });
    const otherBot = this.world.addUser({ username: 'OtherBot', bot: true });
    this.users = { alice, mod, owner, otherBot };
    for (const init of options.guilds ?? [{}]) {
      const guild = this.world.addGuild(init, owner.id);
      this.world.addMember(guild.id, alice.id);
      this.world.addMember(guild.id, otherBot.id);
      const modRole = this.world.roleByName(guild.id, 'Moderator');
      this.world.addMember(guild.id, mod.id, modRole ? [modRole.id] : []);
    }

    const hooks: HandlerHooks = {
      now: () => this.now(),
      gatewayUrl: () => this.gateway.url,
      ackDeadlineMs: options.ackDeadlineMs === undefined ? 3000 : options.ackDeadlineMs,
      messageDispatches: this.messageDispatches,
      lastMessageInChannel: this.lastMessageInChannel,
      dispatch: (event, data) => void this.gateway.dispatch(event, data).catch(() => undefined),
    };
    this.rest = new RestServer({
      routes: createRoutes(this.world, hooks),
      now: () => this.now(),
      token: options.token ?? null,
      link: (r) => linkRequest(this.world, hooks, r),
      ...(log ? { log } : {}),
    });
    this.gateway = new FakeGateway({
      now: () => this.now(),
      token: options.token ?? null,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      ...(options.disallowedIntents !== undefined ? { disallowedIntents: options.disallowedIntents } : {}),
      ready: (sessionId, resumeUrl) => this.world.readyPayload(sessionId, resumeUrl),
      guildCreates: () => [...this.world.guilds.keys()].map((id) => this.world.guildCreatePayload(id)),
      ...(log ? { log } : {}),
    });
  }

  // ------------------------------------------------------------------ lifecycle

  async start(): Promise<this> {
    if (this.started) return this;
    await Promise.all([this.rest.start(), this.gateway.start()]);
    this.started = true;
    return this;
  }

  /** Closes sockets and servers, rejects pending waits. Call after `client.destroy()`. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all([this.gateway.stop(), this.rest.stop()]);
  }

  /** Pass as client option `rest: { api: fake.apiBase }`. */
  get apiBase(): string {
    return `${this.rest.origin}/api`;
  }

  /** Convenience: `new Client({ intents, ...fake.clientOptions })`. */
  get clientOptions(): { rest: { api: string } } {
    return { rest: { api: this.apiBase } };
  }

  /** The fake's clock in ms (used by `RecordedRequest.at`, dispatch times, gateway frames). */
  now(): number {
    return performance.now() - this.t0;
  }

  // ------------------------------------------------------------------ world shortcuts

  get bot(): APIUser {
    return this.world.bot;
  }

  get applicationId(): string {
    return this.world.application.id;
  }

  /** The first guild. */
  get guild(): FakeGuild {
    const first = this.world.guilds.values().next();
    if (first.done) throw new Error('FakeDiscord: no guilds configured');
    return first.value;
  }

  /** The first guild's first text channel id. */
  get channelId(): string {
    const channel = this.guild.channels[0];
    if (!channel) throw new Error('FakeDiscord: the first guild has no channels');
    return channel.id;
  }

  addUser(init: FakeUserInit, guildRoles: readonly string[] = []): APIUser {
    const user = this.world.addUser(init);
    for (const guild of this.world.guilds.values()) {
      const roles = guildRoles.map((r) => guild.roles.find((role) => role.id === r || role.name === r)?.id ?? r);
      this.world.addMember(guild.id, user.id, roles);
    }
    return user;
  }

  /** Stored messages of a channel (bot messages, dispatched user messages, interaction responses). */
  messages(channelId: string = this.channelId): APIMessage[] {
    return this.world.messagesIn(channelId);
  }

  /** Registered application commands (global, or of a guild). */
  commands(guildId: string | null = null): APIApplicationCommand[] {
    return [...this.world.commandList(guildId)];
  }

  // ------------------------------------------------------------------ gateway events

  /** Sends an INTERACTION_CREATE (waits for a live gateway connection first). */
  async sendInteraction(init: InteractionInit): Promise<InteractionHandle> {
    const payload = buildInteraction(this.world, init, { userId: this.users.alice.id, guildId: this.world.guilds.keys().next().value ?? null });
    const st = this.world.registerInteraction(payload);
    st.dispatchedAt = this.now();
    const { at } = await this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    st.dispatchedAt = at;
    return new InteractionHandle(this, st);
  }

  /** Sends a MESSAGE_CREATE from a user (waits for a live gateway connection first). */
  async sendMessage(init: MessageInit): Promise<MessageHandle> {
    const author = typeof init.author === 'object' ? init.author : this.world.users.get(init.author ?? this.users.alice.id);
    if (!author) throw new Error(`FakeDiscord: unknown user ${String(init.author)}`);
    const channel = init.dm ? this.world.dmChannelFor(author.id) : init.channelId ? this.world.getChannel(init.channelId)?.channel : this.world.getChannel(this.channelId)?.channel;
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${String(init.channelId)}`);
    const guildId = 'guild_id' in channel && channel.guild_id ? channel.guild_id : null;
    const content = init.mentionBot ? `<@${this.bot.id}> ${init.content}` : init.content;
    const parsed = this.world.parseMentions(content, guildId);
    const extra = (init.mentions ?? []).map((m) => (typeof m === 'object' ? m : this.world.users.get(m))).filter((u): u is APIUser => u !== undefined);
    const replied = init.replyTo ? this.world.messages.get(init.replyTo) : undefined;
    if (init.replyTo && !replied) throw new Error(`FakeDiscord: unknown message ${init.replyTo}`);
    const mentionedUsers = [...parsed.users, ...extra, ...(replied ? [replied.author] : [])].filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i);

    const guild = guildId ? this.world.guilds.get(guildId) : undefined;
    let member = guild?.members.get(author.id);
    if (guild && !member) member = this.world.addMember(guild.id, author.id);
    if (guild && member && init.roles) member.roles = init.roles.map((r) => guild.roles.find((role) => role.id === r || role.name === r)?.id ?? r);
    const memberNoUser = (userId: string) => {
      const m = guild?.members.get(userId);
      if (!m) return undefined;
      const { user: _user, ...rest } = m;
      return rest;
    };
    const attachments: APIAttachment[] = (init.attachments ?? []).map((a) => {
      const id = snowflake();
      return { id, filename: a.filename, size: a.size ?? 0, content_type: a.contentType ?? 'application/octet-stream', url: `https://cdn.discordapp.com/attachments/${channel.id}/${id}/${a.filename}`, proxy_url: `https://media.discordapp.net/attachments/${channel.id}/${id}/${a.filename}` };
    });
    const message: APIMessage = {
      id: snowflake(),
      channel_id: channel.id,
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: parsed.everyone,
      mentions: mentionedUsers,
      mention_roles: parsed.roles,
      attachments,
      embeds: [...(init.embeds ?? [])],
      components: [],
      pinned: false,
      type: replied ? MessageType.Reply : MessageType.Default,
      flags: noFlags(),
      nonce: snowflake(),
      ...(replied ? { message_reference: { type: 0, message_id: replied.id, channel_id: replied.channel_id, ...(guildId ? { guild_id: guildId } : {}) }, referenced_message: replied } : {}),
    };
    this.world.storeMessage(message);

    const intents = this.gateway.intents;
    const needed = guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    if (this.enforceIntents && this.gateway.sessionId !== null && (intents & needed) === 0) {
      return new MessageHandle(this, message, Number.NaN, false);
    }
    const privileged =
      guildId !== null && author.id !== this.bot.id && !mentionedUsers.some((u) => u.id === this.bot.id) && (intents & GatewayIntentBits.MessageContent) === 0;
    const visible = this.enforceIntents && privileged ? { content: '', embeds: [], attachments: [], components: [] } : {};
    const payload: GatewayMessageCreateDispatchData = {
      ...message,
      ...visible,
      mentions: mentionedUsers.map((u) => {
        const m = memberNoUser(u.id);
        return m ? { ...u, member: m } : u;
      }),
      channel_type: channel.type,
      ...(guildId ? { guild_id: guildId, member: memberNoUser(author.id) } : {}),
    } as GatewayMessageCreateDispatchData;
    this.messageDispatches.set(message.id, this.now());
    this.lastMessageInChannel.set(channel.id, message.id);
    const { at } = await this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, payload);
    this.messageDispatches.set(message.id, at);
    return new MessageHandle(this, message, at, true);
  }

  /** Sends any dispatch event (e.g. GUILD_DELETE). */
  async dispatch(event: GatewayDispatchEvents | string, data: unknown): Promise<{ s: number; at: number }> {
    return this.gateway.dispatch(event, data);
  }

  // ------------------------------------------------------------------ recorded requests

  /** Every REST request the bot made, in completion order. */
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  /** Requests matching a route pattern (e.g. `POST /channels/:id/messages`), RegExp or predicate. */
  findRequests(route: RouteSpec<RecordedRequest>): RecordedRequest[] {
    return this.rest.requests.filter((r) => routeMatches(route, r));
  }

  /** Current request sequence number; pass as `after` to only wait for newer requests. */
  mark(): number {
    return this.rest.lastSeq;
  }

  clearRequests(): void {
    this.rest.clear();
  }

  /** Resolves with the first (past or future) request satisfying `predicate`. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000, opts: { readonly after?: number } = {}): Promise<RecordedRequest> {
    return this.rest.waitFor(predicate, { timeoutMs, ...opts });
  }

  /** Resolves with the first (past or future) request matching `route` (and `where`). */
  waitForRequest(route: RouteSpec<RecordedRequest>, opts: WaitOptions & { readonly where?: (r: RecordedRequest) => boolean } = {}): Promise<RecordedRequest> {
    return this.rest.waitForRoute(route, opts);
  }

  // ------------------------------------------------------------------ faults

  /**
   * Makes the next `times` requests matching `route` fail: `{kind: 'rateLimit', retryAfter: 1}` (429 +
   * Retry-After), `'unknownInteraction'` (404/10062), `'missingPermissions'` (403/50013), `500`/`502`,
   * `{kind: 'error', status, code, message}`, or `{kind: 'delay', ms}`.
   */
  injectFault(route: RouteSpec<RecordedRequest>, fault: RestFaultInit, times = 1): FaultRule {
    return this.rest.injectFault(route, fault, times);
  }

  clearFaults(): void {
    this.rest.clearFaults();
  }
}
