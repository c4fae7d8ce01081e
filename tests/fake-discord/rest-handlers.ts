/**
 * Discord semantics of the fake REST API: interaction callbacks and webhooks (with the 3-second
 * acknowledgement deadline, "already acknowledged", deferred/loading messages), channel messages,
 * typing, users, guilds, application commands and the gateway endpoints.
 */
import {
  ChannelType,
  InteractionResponseType,
  PermissionFlagsBits,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIApplicationCommand,
  type APIMessage,
  type APIMessageReference,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { discordError, errorReply, json, noContent, type HandlerContext, type Reply, type RouteDef } from './rest-server.js';
import type { DispatchLink, RecordedRequest } from './types.js';
import { invalidFormBody, isRecord, validateAutocompleteChoices, validateCommand, validateCommandList, validateMessagePayload, validateModal } from './validation.js';
import { THREAD_ARCHIVE_DURATIONS, type FakeWorld, type InteractionState } from './world.js';

export interface HandlerHooks {
  readonly now: () => number;
  readonly gatewayUrl: () => string;
  /** Callbacks arriving later than this after dispatch get 404 Unknown interaction; null disables. */
  readonly ackDeadlineMs: number | null;
  /** Message dispatch times (fake clock) by message id, and the latest dispatched message per channel. */
  readonly messageDispatches: ReadonlyMap<string, number>;
  readonly lastMessageInChannel: ReadonlyMap<string, string>;
  /** Sends a gateway dispatch (e.g. THREAD_CREATE after a thread is started). */
  readonly dispatch?: (event: string, data: unknown) => void;
}

const UNKNOWN_INTERACTION = (): Reply => errorReply(404, 10062, 'Unknown interaction');
const UNKNOWN_WEBHOOK = (): Reply => errorReply(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = (): Reply => errorReply(404, 10008, 'Unknown Message');
const UNKNOWN_CHANNEL = (): Reply => errorReply(404, 10003, 'Unknown Channel');
const NOT_APP_OWNER = (): Reply => errorReply(403, 20012, 'You are not authorized to perform this action on this application');

/** Which callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly number[]>> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9, 12],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function isEmptyMessage(m: APIMessage): boolean {
  return m.content === '' && m.embeds.length === 0 && (m.components?.length ?? 0) === 0 && m.attachments.length === 0 && !m.poll;
}

export function createRoutes(world: FakeWorld, hooks: HandlerHooks): RouteDef[] {
  const routes: RouteDef[] = [];
  const route = (method: string, pattern: string, handle: RouteDef['handle'], tokenAuth = false): void => {
    routes.push({ method, pattern, handle, tokenAuth });
  };

  // ------------------------------------------------------------------ helpers

  const interactionMessageOptions = (st: InteractionState, flags: number) => {
    const p = st.payload;
    const user = p.member?.user ?? p.user;
    return {
      author: world.bot,
      guildId: st.guildId,
      webhookId: world.application.id,
      applicationId: world.application.id,
      flags,
      type:
        p.type !== InteractionType.ApplicationCommand
          ? MessageType.Default
          : (p.data as { type?: number }).type === 1 || (p.data as { type?: number }).type === undefined
            ? MessageType.ChatInputCommand
            : MessageType.ContextMenuCommand,
      ...(user
        ? {
            interactionMetadata: {
              id: st.id,
              type: p.type,
              user,
              authorizing_integration_owners: p.authorizing_integration_owners,
            } as APIMessage['interaction_metadata'] & object,
          }
        : {}),
    };
  };

  /** Applies an edit on a copy first, so an edit leaving the message empty is rejected atomically. */
  const applyEdit = (message: APIMessage, ctx: HandlerContext, prefix: readonly string[] = []): Reply => {
    const invalid = validateMessagePayload(ctx.body, { prefix, requireContent: false, fileCount: ctx.files.length });
    if (invalid) return discordError(invalid);
    const copy = structuredClone(message);
    world.editMessage(copy, ctx.body, ctx.files);
    if (isEmptyMessage(copy)) return errorReply(400, 50006, 'Cannot send an empty message');
    Object.assign(message, copy);
    return json(message);
  };

  const messageReference = (body: Record<string, unknown>, channelId: string, guildId: string | null): APIMessageReference | Reply | undefined => {
    const ref = body.message_reference;
    if (!isRecord(ref) || typeof ref.message_id !== 'string') return undefined;
    const target = world.messages.get(ref.message_id);
    if (!target) {
      if (ref.fail_if_not_exists === false) return undefined;
      return discordError(
        invalidFormBody([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]) ?? { status: 400, code: 50035, message: 'Invalid Form Body' },
      );
    }
    return { message_id: target.id, channel_id: target.channel_id ?? channelId, ...(guildId ? { guild_id: guildId } : {}) };
  };

  // ------------------------------------------------------------------ gateway

  const gatewayBot = (): RESTGetAPIGatewayBotResult => ({
    url: hooks.gatewayUrl(),
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  });
  route('GET', '/gateway/bot', () => json(gatewayBot()));
  route('GET', '/gateway', () => json({ url: hooks.gatewayUrl() }), true);

  // ------------------------------------------------------------------ interactions

  route(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (ctx) => {
      const st = world.interactions.get(ctx.params.interactionId ?? '');
      if (!st || st.token !== ctx.params.token) return UNKNOWN_INTERACTION();
      if (st.ack !== 'none') return errorReply(400, 40060, 'Interaction has already been acknowledged.');
      if (hooks.ackDeadlineMs !== null && ctx.request.at - st.dispatchedAt > hooks.ackDeadlineMs) return UNKNOWN_INTERACTION();
      const type = ctx.body.type;
      const allowed = ALLOWED_CALLBACKS[st.payload.type] ?? [];
      if (typeof type !== 'number' || !allowed.includes(type)) {
        return discordError(
          invalidFormBody([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type must be one of (${allowed.join(', ')}).` }]) ?? {
            status: 400,
            code: 50035,
            message: 'Invalid Form Body',
          },
        );
      }
      const data = isRecord(ctx.body.data) ? ctx.body.data : {};
      const flags = typeof data.flags === 'number' ? data.flags : 0;
      const componentMessage = 'message' in st.payload && st.payload.message ? st.payload.message : null;
      let message: APIMessage | null = null;
      switch (type) {
        case InteractionResponseType.ChannelMessageWithSource: {
          const invalid = validateMessagePayload(data, { prefix: ['data'], requireContent: true, fileCount: ctx.files.length });
          if (invalid) return discordError(invalid);
          message = world.createMessage(st.channelId ?? '0', data, ctx.files, interactionMessageOptions(st, flags & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2 | MessageFlags.SuppressNotifications)));
          st.ack = 'message';
          st.originalMessageId = message.id;
          break;
        }
        case InteractionResponseType.DeferredChannelMessageWithSource:
          message = world.createMessage(st.channelId ?? '0', { content: '' }, [], interactionMessageOptions(st, MessageFlags.Loading | (flags & MessageFlags.Ephemeral)));
          st.ack = 'deferred';
          st.originalMessageId = message.id;
          break;
        case InteractionResponseType.DeferredMessageUpdate:
          st.ack = 'deferredUpdate';
          if (componentMessage) {
            if (!world.messages.has(componentMessage.id)) world.storeMessage(componentMessage);
            st.originalMessageId = componentMessage.id;
          }
          break;
        case InteractionResponseType.UpdateMessage: {
          if (!componentMessage) return UNKNOWN_MESSAGE();
          if (!world.messages.has(componentMessage.id)) world.storeMessage(componentMessage);
          const stored = world.messages.get(componentMessage.id) as APIMessage;
          const reply = applyEdit(stored, { ...ctx, body: data }, ['data']);
          if (reply.status !== 200) return reply;
          message = stored;
          st.ack = 'update';
          st.originalMessageId = stored.id;
          break;
        }
        case InteractionResponseType.ApplicationCommandAutocompleteResult: {
          const invalid = validateAutocompleteChoices(data);
          if (invalid) return discordError(invalid);
          st.ack = 'autocomplete';
          st.autocompleteChoices = Array.isArray(data.choices) ? data.choices : [];
          break;
        }
        case InteractionResponseType.Modal: {
          const invalid = validateModal(data);
          if (invalid) return discordError(invalid);
          st.ack = 'modal';
          st.modal = structuredClone(data);
          // A modal opened from a component: its submission carries that message (like Discord's).
          world.modals.set(String(data.custom_id), { data: st.modal, message: componentMessage ? (world.messages.get(componentMessage.id) ?? componentMessage) : null, userId: (st.payload.member?.user ?? st.payload.user)?.id ?? null });
          break;
        }
        default:
          st.ack = 'message';
      }
      st.ackAt = ctx.request.at;
      if (ctx.request.query.with_response !== 'true') return noContent();
      return json({
        interaction: {
          id: st.id,
          type: st.payload.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
                response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
              }
            : {}),
        },
        resource: { type, ...(message ? { message } : {}) },
      });
    },
    true,
  );

  const interactionForWebhook = (ctx: HandlerContext): InteractionState | Reply => {
    if (ctx.params.appId !== world.application.id) return UNKNOWN_WEBHOOK();
    const st = world.interactionsByToken.get(ctx.params.token ?? '');
    if (!st || st.ack === 'none' || st.ack === 'autocomplete') return UNKNOWN_WEBHOOK();
    return st;
  };

  const webhookTarget = (st: InteractionState, messageId: string): APIMessage | null => {
    const id = messageId === '@original' ? st.originalMessageId : st.followupIds.includes(messageId) ? messageId : null;
    return id === null ? null : (world.messages.get(id) ?? null);
  };

  route(
    'POST',
    '/webhooks/:appId/:token',
    (ctx) => {
      const st = interactionForWebhook(ctx);
      if ('status' in st) return st;
      const invalid = validateMessagePayload(ctx.body, { requireContent: true, fileCount: ctx.files.length });
      if (invalid) return discordError(invalid);
      const original = st.originalMessageId ? world.messages.get(st.originalMessageId) : undefined;
      if (st.ack === 'deferred' && original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
        // The first follow-up after a deferred reply replaces the "is thinking..." message.
        return applyEdit(original, ctx);
      }
      const flags = typeof ctx.body.flags === 'number' ? ctx.body.flags : 0;
      const message = world.createMessage(st.channelId ?? '0', ctx.body, ctx.files, interactionMessageOptions(st, flags));
      st.followupIds.push(message.id);
      return json(message);
    },
    true,
  );
  route(
    'GET',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => {
      const st = interactionForWebhook(ctx);
      if ('status' in st) return st;
      const message = webhookTarget(st, ctx.params.messageId ?? '');
      return message ? json(message) : UNKNOWN_MESSAGE();
    },
    true,
  );
  route(
    'PATCH',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => {
      const st = interactionForWebhook(ctx);
      if ('status' in st) return st;
      const message = webhookTarget(st, ctx.params.messageId ?? '');
      return message ? applyEdit(message, ctx) : UNKNOWN_MESSAGE();
    },
    true,
  );
  route(
    'DELETE',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => {
      const st = interactionForWebhook(ctx);
      if ('status' in st) return st;
      const message = webhookTarget(st, ctx.params.messageId ?? '');
      if (!message) return UNKNOWN_MESSAGE();
      world.deleteMessage(message.id);
      return noContent();
    },
    true,
  );

  // ------------------------------------------------------------------ channels & messages

  route('GET', '/channels/:channelId', (ctx) => {
    const info = world.getChannel(ctx.params.channelId ?? '');
    return info ? json(info.channel) : UNKNOWN_CHANNEL();
  });
  route('POST', '/channels/:channelId/typing', (ctx) => (world.getChannel(ctx.params.channelId ?? '') ? noContent() : UNKNOWN_CHANNEL()));
  route('POST', '/channels/:channelId/messages', (ctx) => {
    const channelId = ctx.params.channelId ?? '';
    const info = world.getChannel(channelId);
    if (!info) return UNKNOWN_CHANNEL();
    const invalid = validateMessagePayload(ctx.body, { requireContent: true, fileCount: ctx.files.length });
    if (invalid) return discordError(invalid);
    const reference = messageReference(ctx.body, channelId, info.guildId);
    if (reference && 'status' in reference) return reference;
    const flags = typeof ctx.body.flags === 'number' ? ctx.body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2) : 0;
    return json(world.createMessage(channelId, ctx.body, ctx.files, { author: world.bot, guildId: info.guildId, flags, ...(reference ? { reference } : {}) }));
  });
  route('GET', '/channels/:channelId/messages', (ctx) => {
    const channelId = ctx.params.channelId ?? '';
    if (!world.getChannel(channelId)) return UNKNOWN_CHANNEL();
    const limit = Math.min(100, Number(ctx.request.query.limit ?? 50) || 50);
    return json(world.messagesIn(channelId).reverse().slice(0, limit));
  });
  route('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = world.messages.get(ctx.params.messageId ?? '');
    return message && message.channel_id === ctx.params.channelId ? json(message) : UNKNOWN_MESSAGE();
  });
  route('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = world.messages.get(ctx.params.messageId ?? '');
    if (!message || message.channel_id !== ctx.params.channelId) return UNKNOWN_MESSAGE();
    if (message.author.id !== world.bot.id) return errorReply(403, 50005, 'Cannot edit a message authored by another user');
    return applyEdit(message, ctx);
  });
  route('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = world.messages.get(ctx.params.messageId ?? '');
    if (!message || message.channel_id !== ctx.params.channelId) return UNKNOWN_MESSAGE();
    world.deleteMessage(message.id);
    return noContent();
  });
  // A public thread on a message: validated as Discord does (name, archive duration, channel type,
  // one thread per message, the bot's Create Public Threads permission), then THREAD_CREATE.
  route('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const channelId = ctx.params.channelId ?? '';
    const info = world.getChannel(channelId);
    if (!info) return UNKNOWN_CHANNEL();
    const message = world.messages.get(ctx.params.messageId ?? '');
    if (!message || message.channel_id !== channelId) return UNKNOWN_MESSAGE();
    const channelType: number = info.channel.type;
    if (info.guildId === null || (channelType !== ChannelType.GuildText && channelType !== ChannelType.GuildAnnouncement))
      return errorReply(400, 50024, 'Cannot execute action on this channel type');
    const fields: { path: (string | number)[]; code: string; message: string }[] = [];
    const name = ctx.body.name;
    if (typeof name !== 'string') fields.push({ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    else if (name.trim().length === 0 || name.length > 100) fields.push({ path: ['name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    const duration = ctx.body.auto_archive_duration;
    if (duration !== undefined && (typeof duration !== 'number' || !THREAD_ARCHIVE_DURATIONS.includes(duration)))
      fields.push({ path: ['auto_archive_duration'], code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${THREAD_ARCHIVE_DURATIONS.join(', ')}}.` });
    const invalid = invalidFormBody(fields);
    if (invalid) return discordError(invalid);
    if ((world.memberPermissions(info.guildId, world.bot.id) & PermissionFlagsBits.CreatePublicThreads) === 0n) return errorReply(403, 50013, 'Missing Permissions');
    if (message.thread || world.getChannel(message.id)) return errorReply(400, 160004, 'A thread has already been created for this message');
    const thread = world.startThread(message, info.guildId, { name: String(name), autoArchiveDuration: typeof duration === 'number' ? duration : 4320, ownerId: world.bot.id });
    hooks.dispatch?.('THREAD_CREATE', { ...thread, newly_created: true });
    return json(thread, 201);
  });
  for (const method of ['PUT', 'DELETE']) {
    route(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) =>
      world.messages.get(ctx.params.messageId ?? '') ? noContent() : UNKNOWN_MESSAGE(),
    );
  }

  // ------------------------------------------------------------------ users & guilds

  route('GET', '/users/@me', () => json(world.bot));
  route('GET', '/users/@me/guilds', () =>
    json([...world.guilds.values()].map((g) => ({ id: g.id, name: g.name, icon: null, banner: null, owner: false, permissions: world.memberPermissions(g.id, world.bot.id).toString(), features: [] }))),
  );
  route('POST', '/users/@me/channels', (ctx) => {
    const recipient = ctx.body.recipient_id;
    if (typeof recipient !== 'string' || !world.users.has(recipient)) return errorReply(400, 50033, 'Invalid Recipient(s)');
    return json(world.dmChannelFor(recipient));
  });
  route('GET', '/users/:userId', (ctx) => {
    const user = world.users.get(ctx.params.userId ?? '');
    return user ? json(user) : errorReply(404, 10013, 'Unknown User');
  });
  route('GET', '/guilds/:guildId', (ctx) => {
    if (!world.guilds.has(ctx.params.guildId ?? '')) return errorReply(404, 10004, 'Unknown Guild');
    const { channels: _c, members: _m, threads: _t, presences: _p, voice_states: _v, stage_instances: _s, guild_scheduled_events: _e, soundboard_sounds: _ss, joined_at: _j, large: _l, unavailable: _u, member_count: _mc, ...guild } =
      world.guildCreatePayload(ctx.params.guildId ?? '');
    return json(guild);
  });
  route('GET', '/guilds/:guildId/channels', (ctx) => {
    const guild = world.guilds.get(ctx.params.guildId ?? '');
    return guild ? json(guild.channels) : errorReply(404, 10004, 'Unknown Guild');
  });
  route('GET', '/guilds/:guildId/roles', (ctx) => {
    const guild = world.guilds.get(ctx.params.guildId ?? '');
    return guild ? json(guild.roles) : errorReply(404, 10004, 'Unknown Guild');
  });
  route('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const guild = world.guilds.get(ctx.params.guildId ?? '');
    if (!guild) return errorReply(404, 10004, 'Unknown Guild');
    const member = guild.members.get(ctx.params.userId ?? '');
    return member ? json(member) : errorReply(404, 10007, 'Unknown Member');
  });

  // ------------------------------------------------------------------ applications & commands

  route('GET', '/applications/@me', () => json(world.application));
  route('GET', '/oauth2/applications/@me', () => json(world.application));
  route('PATCH', '/applications/@me', (ctx) => {
    Object.assign(world.application, ctx.body, { id: world.application.id });
    return json(world.application);
  });

  const commandRoutes = (base: string, guildScoped: boolean): void => {
    const scope = (ctx: HandlerContext): string | null | Reply => {
      if (ctx.params.appId !== world.application.id) return NOT_APP_OWNER();
      if (!guildScoped) return null;
      const guildId = ctx.params.guildId ?? '';
      return world.guilds.has(guildId) ? guildId : errorReply(403, 50001, 'Missing Access');
    };
    const withScope = (fn: (ctx: HandlerContext, guildId: string | null, list: APIApplicationCommand[]) => Reply): RouteDef['handle'] => (ctx) => {
      const s = scope(ctx);
      if (s !== null && typeof s === 'object') return s;
      return fn(ctx, s, world.commandList(s));
    };
    route('GET', base, withScope((_ctx, _g, list) => json(list)));
    route(
      'PUT',
      base,
      withScope((ctx, guildId, list) => {
        const body = ctx.request.body;
        const invalid = validateCommandList(body);
        if (invalid) return discordError(invalid);
        const next = (body as unknown[]).map((c) => world.upsertCommand(guildId, c as Record<string, unknown>, list));
        list.splice(0, list.length, ...next);
        return json(list);
      }),
    );
    route(
      'POST',
      base,
      withScope((ctx, guildId, list) => {
        const out: Parameters<typeof validateCommand>[0] = [];
        validateCommand(out, [], ctx.body);
        const invalid = invalidFormBody(out);
        if (invalid) return discordError(invalid);
        const command = world.upsertCommand(guildId, ctx.body, list);
        const index = list.findIndex((c) => c.id === command.id);
        if (index >= 0) list[index] = command;
        else list.push(command);
        return json(command, index >= 0 ? 200 : 201);
      }),
    );
    route('GET', `${base}/:commandId`, withScope((ctx, _g, list) => {
      const command = list.find((c) => c.id === ctx.params.commandId);
      return command ? json(command) : errorReply(404, 10063, 'Unknown application command');
    }));
    route('PATCH', `${base}/:commandId`, withScope((ctx, guildId, list) => {
      const index = list.findIndex((c) => c.id === ctx.params.commandId);
      const current = list[index];
      if (!current) return errorReply(404, 10063, 'Unknown application command');
      const updated = world.upsertCommand(guildId, { ...current, ...ctx.body, name: ctx.body.name ?? current.name }, [current]);
      list[index] = updated;
      return json(updated);
    }));
    route('DELETE', `${base}/:commandId`, withScope((ctx, _g, list) => {
      const index = list.findIndex((c) => c.id === ctx.params.commandId);
      if (index < 0) return errorReply(404, 10063, 'Unknown application command');
      list.splice(index, 1);
      return noContent();
    }));
  };
  commandRoutes('/applications/:appId/commands', false);
  commandRoutes('/applications/:appId/guilds/:guildId/commands', true);

  return routes;
}

/** Relates a request to the interaction or message it answers, for timing assertions. */
export function linkRequest(world: FakeWorld, hooks: HandlerHooks, request: RecordedRequest): { link: DispatchLink; sinceDispatchMs: number } | null {
  const p = request.params;
  let st: InteractionState | undefined;
  if (request.route?.includes('/interactions/')) st = world.interactions.get(p.interactionId ?? '');
  else if (request.route?.includes('/webhooks/')) st = world.interactionsByToken.get(p.token ?? '');
  if (st && Number.isFinite(st.dispatchedAt)) return { link: { kind: 'interaction', id: st.id }, sinceDispatchMs: request.at - st.dispatchedAt };
  if (request.route?.startsWith('POST /channels/') || request.route?.startsWith('PUT /channels/')) {
    const body = isRecord(request.body) ? request.body : {};
    const ref = isRecord(body.message_reference) && typeof body.message_reference.message_id === 'string' ? body.message_reference.message_id : null;
    const messageId = p.messageId ?? ref ?? hooks.lastMessageInChannel.get(p.channelId ?? '');
    const at = messageId === undefined ? undefined : hooks.messageDispatches.get(messageId);
    if (messageId !== undefined && at !== undefined) return { link: { kind: 'message', id: messageId }, sinceDispatchMs: request.at - at };
  }
  return null;
}
