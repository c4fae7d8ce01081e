import type { Client } from 'discord.js';
import type { BotContext } from '../context.js';
import { interactionCreate } from './interactionCreate.js';
import { messageCreate } from './messageCreate.js';
import { botMemberUpdate, channelUpdate, roleUpdate } from './permissions.js';
import { ready } from './ready.js';
import { bindEvent } from './types.js';

/** Attaches every event handler of this folder. */
export function bindEvents(client: Client, ctx: BotContext): void {
  bindEvent(client, ctx, ready);
  bindEvent(client, ctx, interactionCreate);
  bindEvent(client, ctx, messageCreate);
  bindEvent(client, ctx, channelUpdate);
  bindEvent(client, ctx, roleUpdate);
  bindEvent(client, ctx, botMemberUpdate);
}
