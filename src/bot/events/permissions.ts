/**
 * Permission changes end the bot's silence in channels where Discord refused
 * its posts (BotContext.deniedChannels): a channel's update (its permission
 * overwrites), a role's update, or the bot's own member update (its roles) in
 * a guild, and the channels concerned are tried again at the next question.
 */
import { Events } from 'discord.js';
import type { BotContext } from '../context.js';
import { defineEvent } from './types.js';

function retry(ctx: BotContext, where: { channelId?: string; guildId?: string }, why: string): void {
  const n = ctx.deniedChannels.deleteWhere((d) => (where.channelId !== undefined ? d.channelId === where.channelId : d.guildId === where.guildId));
  if (n > 0) ctx.log.info({ ...where, channels: n, why }, 'permissions changed; answering in the channel(s) again');
}

export const channelUpdate = defineEvent({
  name: Events.ChannelUpdate,
  execute(ctx, _old, channel) {
    retry(ctx, { channelId: channel.id }, 'channel updated');
  },
});

export const roleUpdate = defineEvent({
  name: Events.GuildRoleUpdate,
  execute(ctx, _old, role) {
    retry(ctx, { guildId: role.guild.id }, 'role updated');
  },
});

export const botMemberUpdate = defineEvent({
  name: Events.GuildMemberUpdate,
  execute(ctx, _old, member) {
    if (member.id === member.client.user.id) retry(ctx, { guildId: member.guild.id }, 'bot roles updated');
  },
});
