/** Every slash command, by name. Command definitions live only in the modules listed here. */
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import * as about from './about.js';
import * as ask from './ask.js';
import * as config from './config.js';
import * as askMessage from './ask-message.js';
import type { MessageCommand } from './ask-message.js';
import * as footnote from './footnote.js';
import * as help from './help.js';
import * as reindex from './reindex.js';
import * as search from './search.js';
import * as section from './section.js';
import type { SlashCommand } from './types.js';

export type { SlashCommand } from './types.js';

const all: readonly SlashCommand[] = [ask, search, section, footnote, about, help, config, reindex];

export const commands: ReadonlyMap<string, SlashCommand> = new Map(all.map((c) => [c.data.name, c]));

/** Message context-menu commands ("Ask Verbatim"), by name. */
const menus: readonly MessageCommand[] = [askMessage];
export const messageCommands: ReadonlyMap<string, MessageCommand> = new Map(menus.map((c) => [c.data.name, c]));

/** The JSON bodies to register (PUT /applications/:id/commands): the slash commands, then the context-menu ones. */
export function commandData(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...all.map((c) => c.data.toJSON()), ...menus.map((c) => c.data.toJSON())];
}
