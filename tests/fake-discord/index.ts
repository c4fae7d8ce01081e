/**
 * Fake Discord for tests: REST (`/api/v10`) + gateway on 127.0.0.1, driving the real discord.js Client.
 *
 * @example
 * const fake = await new FakeDiscord().start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], ...fake.clientOptions });
 * await client.login(fake.token);
 * const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'Who won?' } });
 * const cb = await ix.callback();                 // POST /interactions/:id/:token/callback
 * expect(cb.body).toMatchObject({ type: 5 });
 * expect(cb.sinceDispatchMs).toBeLessThan(3000);
 * await client.destroy(); await fake.stop();
 */
export { FakeDiscord, InteractionHandle, MessageHandle, type FakeDiscordOptions, type MessageInit } from './fake-discord.js';
export type { GatewayConnectionInfo, GatewayFrame, FakeGateway } from './gateway.js';
export type {
  AutocompleteInit,
  ButtonInit,
  InteractionContextInit,
  InteractionInit,
  ModalSubmitInit,
  MessageCommandInit,
  OptionInit,
  OptionValue,
  RawInteractionInit,
  SlashCommandInit,
  StringSelectInit,
  TypedOption,
} from './interactions.js';
export type { WaitOptions } from './rest-server.js';
export { matchRoute, routeMatches, type RouteSpec } from './routes.js';
export type { DispatchLink, FaultRule, RecordedFile, RecordedRequest, RestFault, RestFaultInit } from './types.js';
export type { FakeChannelInit, FakeGuild, FakeGuildInit, FakeRoleInit, FakeUserInit, InteractionState } from './world.js';
