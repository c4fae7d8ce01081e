/**
 * Builders turning compact test specs into complete INTERACTION_CREATE payloads, with every field
 * discord.js dereferences (entitlements, authorizing_integration_owners, app_permissions, locale,
 * channel, member/user, message for components, ...).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';
import { DM_APP_PERMISSIONS, type FakeWorld } from './world.js';

export type OptionValue = string | number | boolean;

/** An option with an explicit type, e.g. `{ type: ApplicationCommandOptionType.Number, value: 3 }` or a User option by id. */
export interface TypedOption {
  readonly type: ApplicationCommandOptionType;
  readonly value: OptionValue;
}

/**
 * Option values: strings become STRING (3), integers INTEGER (4), other numbers NUMBER (10),
 * booleans BOOLEAN (5). Use `TypedOption` for USER/CHANNEL/ROLE (value = id; `resolved` is filled).
 */
export type OptionInit = OptionValue | TypedOption;

export interface InteractionContextInit {
  /** The invoking user (object or id). Default: `fake.users.alice`. */
  readonly user?: APIUser | string;
  /** Invoke in the bot's DM with the user instead of a guild. Default false. */
  readonly dm?: boolean;
  /** Default: the first guild. */
  readonly guildId?: string;
  /** Default: the guild's first text channel (or the DM channel). */
  readonly channelId?: string;
  /** Member role ids or role names (replaces the member's roles for this interaction). */
  readonly roles?: readonly string[];
  /** Override `member.permissions` (default: computed from roles; owner/Administrator get all). */
  readonly permissions?: bigint | string;
  /** Override `app_permissions` (default: the bot member's computed permissions). */
  readonly appPermissions?: bigint | string;
  readonly locale?: Locale;
}

export interface SlashCommandInit extends InteractionContextInit {
  readonly kind: 'slash';
  readonly name: string;
  readonly options?: Readonly<Record<string, OptionInit>>;
  readonly subcommand?: string;
  readonly subcommandGroup?: string;
  /** Default: the id of the registered command with that name, else a stable generated id. */
  readonly commandId?: string;
}

export interface AutocompleteInit extends InteractionContextInit {
  readonly kind: 'autocomplete';
  readonly name: string;
  /** Other options already filled in. */
  readonly options?: Readonly<Record<string, OptionInit>>;
  /** The focused option and what the user typed so far. */
  readonly focused: { readonly name: string; readonly value: string; readonly type?: ApplicationCommandOptionType };
  readonly subcommand?: string;
  readonly subcommandGroup?: string;
  readonly commandId?: string;
}

interface ComponentInitBase extends InteractionContextInit {
  readonly customId: string;
  /**
   * The message holding the component. Default: the latest stored message in the channel containing
   * a component with `customId` (e.g. one the bot sent), else a fabricated bot message with it.
   */
  readonly message?: APIMessage;
  readonly messageId?: string;
}

export interface ButtonInit extends ComponentInitBase {
  readonly kind: 'button';
}

export interface StringSelectInit extends ComponentInitBase {
  readonly kind: 'select';
  readonly values: readonly string[];
}

/**
 * A modal submission (type 5, MODAL_SUBMIT) of a modal the bot showed (callback type 9) with this custom
 * id: its components are mirrored with the values given, checked like Discord checks them (known
 * fields only, select values among the options and within min/max, required fields filled, text
 * lengths). A modal opened from a component carries that component's message.
 */
export interface ModalSubmitInit extends InteractionContextInit {
  readonly kind: 'modal';
  readonly customId: string;
  /** Values by component custom id: a string for a text input, strings for a select. Unlisted text inputs submit "". */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
}

/** A message context-menu command (type 2 with data.type 3) on `target`: a stored message (or its id). */
export interface MessageCommandInit extends InteractionContextInit {
  readonly kind: 'messageCommand';
  readonly name: string;
  readonly target: APIMessage | string;
  readonly commandId?: string;
}

/** A complete payload you built yourself; it is sent as-is (and registered for callbacks). */
export interface RawInteractionInit {
  readonly kind: 'raw';
  readonly payload: APIInteraction;
}

export type InteractionInit = SlashCommandInit | AutocompleteInit | MessageCommandInit | ButtonInit | StringSelectInit | ModalSubmitInit | RawInteractionInit;

export interface InteractionDefaults {
  readonly userId: string;
  readonly guildId: string | null;
}

const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
const commandIds = new Map<string, string>();

function inferOption(name: string, init: OptionInit): { name: string; type: ApplicationCommandOptionType; value: OptionValue } {
  if (typeof init === 'object') return { name, type: init.type, value: init.value };
  if (typeof init === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value: init };
  if (typeof init === 'number')
    return { name, type: Number.isInteger(init) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number, value: init };
  return { name, type: ApplicationCommandOptionType.String, value: init };
}

interface Context {
  readonly user: APIUser;
  readonly guildId: string | null;
  readonly channel: Record<string, unknown> & { id: string };
  readonly base: Record<string, unknown>;
}

function resolveContext(world: FakeWorld, init: InteractionContextInit, defaults: InteractionDefaults): Context {
  const user = typeof init.user === 'object' ? init.user : world.users.get(init.user ?? defaults.userId);
  if (!user) throw new Error(`FakeDiscord: unknown user ${String(init.user)}`);
  const common = {
    id: snowflake(),
    application_id: world.application.id,
    token: world.newInteractionToken(),
    version: 1,
    locale: init.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  const guildId = init.dm ? null : (init.guildId ?? defaults.guildId);
  if (guildId === null) {
    const channel = init.channelId ? world.getChannel(init.channelId)?.channel : world.dmChannelFor(user.id);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${String(init.channelId)}`);
    return {
      user,
      guildId: null,
      channel: { ...channel, recipients: [user] },
      base: {
        ...common,
        user,
        channel: { ...channel, recipients: [user] },
        channel_id: channel.id,
        app_permissions: (init.appPermissions ?? DM_APP_PERMISSIONS).toString(),
        context: InteractionContextType.BotDM,
        authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
      },
    };
  }
  const guild = world.requireGuild(guildId);
  // A thread (of the bot's, say) is a channel interactions can come from too.
  const channel = init.channelId ? (guild.channels.find((c) => c.id === init.channelId) ?? guild.threads.find((c) => c.id === init.channelId)) : guild.channels[0];
  if (!channel) throw new Error(`FakeDiscord: guild ${guildId} has no text channel ${init.channelId ?? ''}`);
  const existing = guild.members.get(user.id) ?? world.addMember(guildId, user.id, []);
  const roles = init.roles
    ? init.roles.map((r) => guild.roles.find((role) => role.id === r || role.name === r)?.id ?? r)
    : existing.roles;
  const permissions = init.permissions ?? world.memberPermissions(guildId, user.id, roles);
  const appPermissions = init.appPermissions ?? world.memberPermissions(guildId, world.bot.id);
  return {
    user,
    guildId,
    channel: { ...channel, permissions: permissions.toString() },
    base: {
      ...common,
      guild_id: guildId,
      guild: { id: guildId, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      channel: { ...channel, permissions: permissions.toString() },
      channel_id: channel.id,
      member: { ...existing, user, roles, permissions: permissions.toString() },
      app_permissions: appPermissions.toString(),
      context: InteractionContextType.Guild,
      authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guildId },
    },
  };
}

function resolveOptionData(world: FakeWorld, guildId: string | null, options: ReturnType<typeof inferOption>[]): APIInteractionDataResolved | undefined {
  const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'roles' | 'channels'>> = {
    users: {},
    members: {},
    roles: {},
    channels: {},
  };
  let found = false;
  for (const o of options) {
    const id = String(o.value);
    if (o.type === ApplicationCommandOptionType.User || o.type === ApplicationCommandOptionType.Mentionable) {
      const user = world.users.get(id);
      if (user) {
        found = true;
        resolved.users[id] = user;
        const member = guildId !== null ? world.guilds.get(guildId)?.members.get(id) : undefined;
        if (member && guildId !== null) {
          const { user: _user, deaf: _deaf, mute: _mute, ...rest } = member;
          resolved.members[id] = { ...rest, permissions: world.memberPermissions(guildId, id).toString() };
        }
      }
    }
    if (o.type === ApplicationCommandOptionType.Role || o.type === ApplicationCommandOptionType.Mentionable) {
      const role = guildId !== null ? world.guilds.get(guildId)?.roles.find((r) => r.id === id) : undefined;
      if (role) {
        found = true;
        resolved.roles[id] = role;
      }
    }
    if (o.type === ApplicationCommandOptionType.Channel) {
      const info = world.getChannel(id);
      if (info) {
        found = true;
        const c = info.channel;
        resolved.channels[id] = { id: c.id, type: c.type, name: c.name, permissions: '0' } as APIInteractionDataResolvedChannel;
      }
    }
  }
  return found ? resolved : undefined;
}

function commandIdFor(world: FakeWorld, name: string, guildId: string | null, given: string | undefined): { id: string; guildId: string | undefined } {
  const registered = world.findCommand(name, guildId);
  const id =
    given ??
    registered?.id ??
    commandIds.get(name) ??
    (() => {
      const generated = snowflake();
      commandIds.set(name, generated);
      return generated;
    })();
  return { id, guildId: registered?.guild_id };
}

/** data of a message command: the target message, resolved as Discord sends it (with its content, intent or not). */
function messageCommandData(world: FakeWorld, init: MessageCommandInit, guildId: string | null): Record<string, unknown> {
  const target = typeof init.target === 'object' ? init.target : world.messages.get(init.target);
  if (!target) throw new Error(`FakeDiscord: unknown message ${String(init.target)}`);
  const { id, guildId: commandGuild } = commandIdFor(world, init.name, guildId, init.commandId);
  return {
    id,
    name: init.name,
    type: ApplicationCommandType.Message,
    target_id: target.id,
    resolved: { messages: { [target.id]: target } },
    ...(commandGuild ? { guild_id: commandGuild } : {}),
  };
}

function commandData(
  world: FakeWorld,
  init: SlashCommandInit | AutocompleteInit,
  guildId: string | null,
): Record<string, unknown> {
  const entries = Object.entries(init.options ?? {}).map(([name, value]) => inferOption(name, value));
  const leaf: Record<string, unknown>[] = entries.map((o) => ({ name: o.name, type: o.type, value: o.value }));
  if (init.kind === 'autocomplete') {
    leaf.push({ name: init.focused.name, type: init.focused.type ?? ApplicationCommandOptionType.String, value: init.focused.value, focused: true });
  }
  let options: Record<string, unknown>[] = leaf;
  if (init.subcommand) options = [{ name: init.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  if (init.subcommandGroup) options = [{ name: init.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options }];
  const registered = world.findCommand(init.name, guildId);
  const id =
    init.commandId ??
    registered?.id ??
    commandIds.get(init.name) ??
    (() => {
      const generated = snowflake();
      commandIds.set(init.name, generated);
      return generated;
    })();
  const resolved = resolveOptionData(world, guildId, entries);
  return {
    id,
    name: init.name,
    type: ApplicationCommandType.ChatInput,
    options: options as unknown as APIApplicationCommandInteractionDataOption[],
    ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    ...(resolved ? { resolved } : {}),
  };
}

function componentMessage(world: FakeWorld, init: ButtonInit | StringSelectInit, channelId: string, guildId: string | null): APIMessage {
  if (init.message) return init.message;
  if (init.messageId) {
    const stored = world.messages.get(init.messageId);
    if (!stored) throw new Error(`FakeDiscord: unknown message ${init.messageId}`);
    return stored;
  }
  const found = world.findMessageWithComponent(channelId, init.customId);
  if (found) return found;
  const component =
    init.kind === 'button'
      ? { type: ComponentType.Button, style: ButtonStyle.Secondary, label: init.customId.slice(0, 80), custom_id: init.customId }
      : {
          type: ComponentType.StringSelect,
          custom_id: init.customId,
          options: init.values.map((v) => ({ label: v, value: v })),
          min_values: 1,
          max_values: Math.max(1, init.values.length),
        };
  return world.createMessage(
    channelId,
    { content: 'Fabricated message with a component', components: [{ type: ComponentType.ActionRow, components: [component] }] },
    [],
    { author: world.bot, guildId, type: MessageType.Default },
  );
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The submitted components of a shown modal, with `values` filled in; throws on what Discord would not let a user submit. */
function modalComponents(modal: Json, values: Readonly<Record<string, string | readonly string[]>>): unknown[] {
  const fail = (why: string): never => {
    throw new Error(`FakeDiscord: cannot submit modal ${String(modal.custom_id)}: ${why}`);
  };
  const used = new Set<string>();
  let nextId = 1;
  const field = (c: Json): Json => {
    const customId = String(c.custom_id);
    const given = values[customId];
    used.add(customId);
    if (c.type === 4) {
      if (given !== undefined && typeof given !== 'string') fail(`${customId} is a text input (give a string)`);
      const value = typeof given === 'string' ? given : '';
      const max = typeof c.max_length === 'number' ? c.max_length : 4000;
      const min = typeof c.min_length === 'number' ? c.min_length : 0;
      if (c.required !== false && value.length === 0) fail(`${customId} is required`);
      if (value.length > max) fail(`${customId} is longer than ${max}`);
      if (value.length > 0 && value.length < min) fail(`${customId} is shorter than ${min}`);
      return { type: 4, id: nextId++, custom_id: customId, value };
    }
    const chosen = given === undefined ? [] : typeof given === 'string' ? [given] : [...given];
    const options = (Array.isArray(c.options) ? c.options : []).map((o) => (isJson(o) ? String(o.value) : ''));
    for (const v of chosen) if (!options.includes(v)) fail(`${v} is not an option of ${customId}`);
    const min = c.required === false ? 0 : typeof c.min_values === 'number' ? c.min_values : 1;
    const max = typeof c.max_values === 'number' ? c.max_values : 1;
    if (chosen.length < min || chosen.length > max) fail(`${customId} takes ${min}–${max} values`);
    return { type: 3, id: nextId++, custom_id: customId, values: chosen };
  };
  const components = (Array.isArray(modal.components) ? modal.components : []).map((c): unknown => {
    if (!isJson(c)) return c;
    if (c.type === 18 && isJson(c.component)) return { type: 18, id: nextId++, component: field(c.component) };
    if (c.type === 1 && Array.isArray(c.components) && isJson(c.components[0])) return { type: 1, id: nextId++, components: [field(c.components[0])] };
    return { type: c.type, id: nextId++ };
  });
  for (const k of Object.keys(values)) if (!used.has(k)) fail(`it has no field ${k}`);
  return components;
}

/** Builds a complete interaction payload (not yet registered or dispatched). */
export function buildInteraction(world: FakeWorld, init: InteractionInit, defaults: InteractionDefaults): APIInteraction {
  if (init.kind === 'raw') return init.payload;
  const ctx = resolveContext(world, init, defaults);
  switch (init.kind) {
    case 'slash':
      return {
        ...ctx.base,
        type: InteractionType.ApplicationCommand,
        data: commandData(world, init, ctx.guildId),
      } as unknown as APIInteraction;
    case 'messageCommand':
      return {
        ...ctx.base,
        type: InteractionType.ApplicationCommand,
        data: messageCommandData(world, init, ctx.guildId),
      } as unknown as APIInteraction;
    case 'autocomplete':
      return {
        ...ctx.base,
        type: InteractionType.ApplicationCommandAutocomplete,
        data: commandData(world, init, ctx.guildId),
      } as unknown as APIInteraction;
    case 'button':
    case 'select': {
      const message = componentMessage(world, init, ctx.channel.id, ctx.guildId);
      const data =
        init.kind === 'button'
          ? { custom_id: init.customId, component_type: ComponentType.Button }
          : { custom_id: init.customId, component_type: ComponentType.StringSelect, values: [...init.values] };
      return { ...ctx.base, type: InteractionType.MessageComponent, message, data } as unknown as APIInteraction;
    }
    case 'modal': {
      const shown = world.modals.get(init.customId);
      if (!shown) throw new Error(`FakeDiscord: no modal with custom id ${init.customId} was shown`);
      if (shown.userId !== null && shown.userId !== ctx.user.id) throw new Error(`FakeDiscord: modal ${init.customId} was shown to another user`);
      const components = modalComponents(shown.data, init.values ?? {});
      const message = shown.message ? (world.messages.get(shown.message.id) ?? shown.message) : null;
      return {
        ...ctx.base,
        type: InteractionType.ModalSubmit,
        ...(message ? { message } : {}),
        data: { custom_id: init.customId, components },
      } as unknown as APIInteraction;
    }
  }
}
