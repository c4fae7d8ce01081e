import type { Client, ClientEvents } from 'discord.js';
import type { BotContext } from '../context.js';

/** A client event handler (one file per event in this folder). */
export interface BotEvent<K extends keyof ClientEvents> {
  readonly name: K;
  readonly once?: boolean;
  execute(ctx: BotContext, ...args: ClientEvents[K]): Promise<void> | void;
}

export function defineEvent<K extends keyof ClientEvents>(event: BotEvent<K>): BotEvent<K> {
  return event;
}

/**
 * Attaches an event handler; a handler that throws is logged, never crashes
 * the process. Every run is tracked (ctx.lifecycle), so stopping can wait for
 * the questions in flight.
 */
export function bindEvent<K extends keyof ClientEvents>(client: Client, ctx: BotContext, event: BotEvent<K>): void {
  const listener = (...args: ClientEvents[K]): void => {
    const run = Promise.resolve()
      .then(() => event.execute(ctx, ...args))
      .catch((err: unknown) => ctx.log.error({ err, event: event.name }, 'event handler failed'));
    ctx.lifecycle.track(run);
  };
  if (event.once) client.once(event.name, listener);
  else client.on(event.name, listener);
}
