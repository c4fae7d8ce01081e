import { Events } from 'discord.js';
import { defineEvent } from './types.js';

export const ready = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(ctx, client) {
    const engine = ctx.engines.current;
    ctx.log.info(
      { user: client.user.tag, userId: client.user.id, guilds: client.guilds.cache.size, reports: engine.reports.map((r) => r.meta.id), chunks: engine.index.manifest.counts.chunks },
      'bot ready',
    );
  },
});
