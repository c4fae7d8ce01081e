/** The bot's own mention in a message's text ("<@id>" or "<@!id>"): whether it is there, and the text without it. */
const mentionOf = (botId: string): RegExp => new RegExp(`<@!?${botId}>`, 'gu');

/** Whether the message text mentions the bot itself (not @everyone, roles, or a reply ping). */
export function mentionsBot(content: string, botId: string): boolean {
  return mentionOf(botId).test(content);
}

/** The question: the text without the bot's mention(s). */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(mentionOf(botId), ' ').trim();
}
