import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  LabelBuilder,
  Routes,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type Message,
} from 'discord.js';
import { FakeDiscord } from './index.js';

describe('FakeDiscord with the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  const handlerErrors: unknown[] = [];
  const seenOptions: unknown[] = [];

  async function onInteraction(i: Interaction): Promise<void> {
    if (i.isChatInputCommand()) {
      if (i.commandName === 'ask') {
        seenOptions.push({ q: i.options.getString('question'), limit: i.options.getInteger('limit'), verbose: i.options.getBoolean('verbose'), guild: i.inGuild() });
        await i.deferReply();
        await i.editReply('hi');
      } else if (i.commandName === 'ping') {
        await i.reply({ content: 'pong', files: [{ attachment: Buffer.from('quoted text'), name: 'quote.txt' }] });
      } else if (i.commandName === 'fragile') {
        await i.reply('never delivered');
      }
    } else if (i.isButton() && i.customId.startsWith('modal:')) {
      if (i.customId === 'modal:bad') {
        // Past discord.js's own checks, straight to the callback route: the fake must refuse it.
        const data = { custom_id: 'form:bad', title: 'x'.repeat(46), components: [{ type: 18, label: 'L', component: { type: 4, custom_id: 'a', style: 1 } }] };
        await i.client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 9, data }, auth: false });
        return;
      }
      const title = 'What was wrong?';
      await i.showModal(
        new ModalBuilder()
          .setCustomId(`form:${i.customId}`)
          .setTitle(title)
          .addLabelComponents(
            new LabelBuilder().setLabel('Reason').setStringSelectMenuComponent(new StringSelectMenuBuilder().setCustomId('reason').addOptions({ label: 'Wrong', value: 'wrong' }, { label: 'Other', value: 'other' })),
            new LabelBuilder().setLabel('Comment').setTextInputComponent(new TextInputBuilder().setCustomId('comment').setStyle(TextInputStyle.Short).setRequired(false).setMaxLength(20)),
          ),
      );
    } else if (i.isMessageContextMenuCommand()) {
      await i.reply(`Target ${i.targetId}: ${i.targetMessage.content}`);
    } else if (i.isButton()) {
      await i.update({ content: `updated ${i.customId}`, components: [] });
    } else if (i.isModalSubmit()) {
      const from = i.isFromMessage() ? i.message.id : 'none';
      await i.reply({ content: `${i.customId} ${i.fields.getStringSelectValues('reason').join(',')} "${i.fields.getTextInputValue('comment')}" from ${from}`, flags: 64 });
    } else if (i.isAutocomplete()) {
      const typed = i.options.getFocused();
      await i.respond([{ name: `Report about ${typed}`, value: `${typed}-1` }, { name: 'Other', value: 'other' }]);
    }
  }

  /** Resolves when discord.js has processed RESUMED (inject the next gateway fault only after that). */
  const clientResumed = (): Promise<void> => new Promise((resolve) => client.once(Events.ShardResume, () => resolve()));

  async function onMessage(m: Message): Promise<void> {
    if (m.author.bot || !client.user || !m.mentions.users.has(client.user.id)) return;
    if (!m.channel.isSendable()) return;
    if (m.content.includes('open a thread')) {
      const thread = await m.startThread({ name: 'A thread', autoArchiveDuration: 1440 });
      await thread.send(`In the thread: ${thread.id}`);
      return;
    }
    await m.channel.sendTyping();
    await m.reply(`You asked: ${m.content}`);
  }

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
      ...fake.clientOptions,
    });
    client.on(Events.InteractionCreate, (i) => void onInteraction(i).catch((e: unknown) => handlerErrors.push(e)));
    client.on(Events.MessageCreate, (m) => void onMessage(m).catch((e: unknown) => handlerErrors.push(e)));
    client.on(Events.Error, (e) => handlerErrors.push(e));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(fake.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('is ready with the guild from GUILD_CREATE', () => {
    expect(client.user?.id).toBe(fake.bot.id);
    expect(client.guilds.cache.get(fake.guild.id)?.channels.cache.has(fake.channelId)).toBe(true);
    expect(fake.gateway.identifies[0]?.intents).toBeGreaterThan(0);
  });

  it('bulk-overwrites commands and returns them with ids', async () => {
    const set = await client.application?.commands.set([
      { name: 'ask', description: 'Ask about a report', options: [{ type: 3, name: 'question', description: 'q', required: true, autocomplete: true }] },
    ]);
    expect(set?.first()?.id).toMatch(/^\d+$/);
    expect(fake.commands().map((c) => c.name)).toEqual(['ask']);
    const put = await fake.waitForRequest('PUT /applications/:appId/commands');
    expect(put.status).toBe(200);
  });

  it('(1) slash command: deferReply (type 5) then editReply PATCH @original', async () => {
    const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'Who observed?', limit: 3, verbose: true } });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 5 });
    expect(cb.sinceDispatchMs).toBeLessThan(3000);
    const edit = await ix.editOriginal();
    expect(edit.path).toBe(`/webhooks/${fake.applicationId}/${ix.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'hi' });
    expect(ix.original()?.content).toBe('hi');
    expect(seenOptions.at(-1)).toEqual({ q: 'Who observed?', limit: 3, verbose: true, guild: true });
  });

  it('slash command in DM, reply with a file (multipart parsed)', async () => {
    const ix = await fake.sendInteraction({ kind: 'slash', name: 'ping', dm: true });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 4, data: { content: 'pong' } });
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]?.filename).toBe('quote.txt');
    expect(cb.files[0]?.data.toString()).toBe('quoted text');
    expect(ix.original()?.attachments[0]?.filename).toBe('quote.txt');
  });

  it('(2) button answered with update (type 7)', async () => {
    const ix = await fake.sendInteraction({ kind: 'button', customId: 'more:1' });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 7, data: { content: 'updated more:1', components: [] } });
    const messageId = (ix.payload as { message?: { id: string } }).message?.id ?? '';
    expect(fake.world.messages.get(messageId)?.content).toBe('updated more:1');
  });

  it('(3) autocomplete answered with respond (type 8)', async () => {
    const ix = await fake.sendInteraction({ kind: 'autocomplete', name: 'ask', focused: { name: 'question', value: 'turnout' } });
    const cb = await ix.callback();
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'Report about turnout', value: 'turnout-1' }, { name: 'Other', value: 'other' }] } });
    expect(ix.payload.data).toMatchObject({ id: fake.commands()[0]?.id });
  });

  it('(4) mention: sendTyping then message.reply with message_reference', async () => {
    const mark = fake.mark();
    await fake.sendMessage({ content: 'not for the bot' });
    await fake.sendMessage({ content: 'bots are ignored', mentionBot: true, author: fake.users.otherBot });
    const msg = await fake.sendMessage({ content: 'what did the report say?', mentionBot: true });
    const reply = await msg.waitForReply();
    const typing = await fake.waitForRequest('POST /channels/:channelId/typing', { after: mark });
    expect(typing.seq).toBeLessThan(reply.seq);
    expect(typing.path).toBe(`/channels/${fake.channelId}/typing`);
    expect(reply.body).toMatchObject({ content: `You asked: <@${fake.bot.id}> what did the report say?`, message_reference: { message_id: msg.id } });
    expect(reply.sinceDispatchMs).toBeGreaterThanOrEqual(0);
    expect(fake.findRequests('POST /channels/:channelId/messages').filter((r) => r.seq > mark)).toHaveLength(1);
  });

  it('threads: message.startThread creates a public thread on the message (validated), and messages go in it', async () => {
    const msg = await fake.sendMessage({ content: 'please open a thread', mentionBot: true });
    const created = await fake.waitForRequest('POST /channels/:channelId/messages/:messageId/threads', { where: (r) => r.params.messageId === msg.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'A thread', auto_archive_duration: 1440 });
    expect(created.response).toMatchObject({ id: msg.id, type: 11, parent_id: fake.channelId, owner_id: fake.bot.id, thread_metadata: { archived: false, auto_archive_duration: 1440 } });
    const inThread = await fake.waitForRequest('POST /channels/:channelId/messages', { where: (r) => r.params.channelId === msg.id });
    expect(inThread.body).toMatchObject({ content: `In the thread: ${msg.id}` });
    expect(fake.messages(msg.id).map((m) => m.content)).toEqual([`In the thread: ${msg.id}`]);
    expect(fake.world.messages.get(msg.id)?.thread?.id).toBe(msg.id);
    expect(client.channels.cache.get(msg.id)?.isThread()).toBe(true);
    // A second thread on the same message, a bad name or duration: refused as Discord does.
    const channel = client.channels.cache.get(fake.channelId);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('no text channel');
    const again = await channel.messages.fetch(msg.id);
    await expect(again.startThread({ name: 'Again' })).rejects.toMatchObject({ code: 160004 });
    const other = await fake.sendMessage({ content: 'not for the bot either' });
    const stored = await channel.messages.fetch(other.id);
    await expect(stored.startThread({ name: 'x'.repeat(101) })).rejects.toMatchObject({ code: 50035 });
    await expect(stored.startThread({ name: 'ok', autoArchiveDuration: 30 as never })).rejects.toMatchObject({ code: 50035 });
  });

  it('message context-menu commands: registered as type 3 (validated), delivered with target_id and resolved.messages', async () => {
    await client.application?.commands.set([{ name: 'Ask Verbatim', type: 3 }]);
    expect(fake.commands().map((c) => [c.name, c.type])).toEqual([['Ask Verbatim', 3]]);
    const put = await fake.waitForRequest('PUT /applications/:appId/commands', { where: (r) => JSON.stringify(r.body).includes('Ask Verbatim') });
    expect(put.status).toBe(200);
    const target = await fake.sendMessage({ content: 'The turnout was 75 per cent' });
    const ix = await fake.sendInteraction({ kind: 'messageCommand', name: 'Ask Verbatim', target: target.id });
    expect(ix.payload.data).toMatchObject({ type: 3, target_id: target.id, resolved: { messages: { [target.id]: { content: 'The turnout was 75 per cent' } } } });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 4, data: { content: `Target ${target.id}: The turnout was 75 per cent` } });
    expect(ix.original()?.type).toBe(23);
  });

  it('refuses a context-menu command with a description or options', async () => {
    await expect(client.application?.commands.create({ name: 'Bad Menu', type: 3, description: 'not allowed' } as never)).rejects.toMatchObject({ code: 50035 });
  });

  it('(5) 429 with Retry-After: 1 on the callback: discord.js waits and retries', async () => {
    fake.injectFault('POST /interactions/:id/:token/callback', { kind: 'rateLimit', retryAfter: 1 });
    const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'again' } });
    const ok = await ix.callback({ timeoutMs: 5000 });
    const [limited] = ix.requests();
    expect(limited?.status).toBe(429);
    expect(limited?.fault).toMatch(/rateLimit/);
    expect(ok.status).toBe(204);
    expect(ok.at - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await ix.editOriginal();
  });

  it('error faults reach the bot as DiscordAPIError (10062)', async () => {
    fake.injectFault('POST /interactions/:id/:token/callback', 'unknownInteraction');
    const before = handlerErrors.length;
    const ix = await fake.sendInteraction({ kind: 'slash', name: 'fragile' });
    const failed = await ix.waitFor('POST /interactions/:id/:token/callback');
    expect(failed.status).toBe(404);
    await expect.poll(() => handlerErrors.length).toBe(before + 1);
    const error = handlerErrors.splice(before, 1)[0];
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
  });

  it('(6) dropped gateway: the client resumes on resume_gateway_url and keeps working', async () => {
    const mark = fake.gateway.lastFrameSeq;
    const resumed = clientResumed();
    fake.gateway.dropConnection();
    const resume = await fake.gateway.waitForClientOp(GatewayOpcodes.Resume, 5000, mark);
    await resumed;
    expect(fake.gateway.connections.find((c) => c.id === resume.connectionId)?.url).toMatch(/^\/resume\?v=10&encoding=json/);
    const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'after resume' } });
    expect((await ix.callback()).body).toMatchObject({ type: 5 });
  });

  it('(7) op 7 RECONNECT and op 9 INVALID_SESSION (resumable and not) recover', async () => {
    let mark = fake.gateway.lastFrameSeq;
    let resumed = clientResumed();
    fake.gateway.sendReconnect();
    await fake.gateway.waitForClientOp(GatewayOpcodes.Resume, 5000, mark);
    await resumed;
    expect((await (await fake.sendInteraction({ kind: 'button', customId: 'after-op7' })).callback()).body).toMatchObject({ type: 7 });

    mark = fake.gateway.lastFrameSeq;
    resumed = clientResumed();
    fake.gateway.sendInvalidSession(true);
    const resume = await fake.gateway.waitForClientOp(GatewayOpcodes.Resume, 5000, mark);
    await resumed;
    expect(fake.gateway.connections.at(-1)?.id).toBe(resume.connectionId); // resumed on the same socket

    mark = fake.gateway.lastFrameSeq;
    const identifies = fake.gateway.identifies.length;
    fake.gateway.sendInvalidSession(false);
    // discord.js throttles identifies to one per 5 s per bucket, so this can take up to ~7 s.
    await fake.gateway.waitForClientOp(GatewayOpcodes.Identify, 9000, mark);
    await fake.gateway.waitForDispatch('READY', 2000, mark);
    await new Promise<void>((resolve) => (client.ws.status === 0 ? resolve() : client.once(Events.ShardReady, () => resolve())));
    expect(fake.gateway.identifies.length).toBe(identifies + 1);
    const ix = await fake.sendInteraction({ kind: 'autocomplete', name: 'ask', focused: { name: 'question', value: 'x' } });
    expect((await ix.callback()).body).toMatchObject({ type: 8 });
  }, 15_000);

  it('(8) modals: a button opens one (type 9, validated), its MODAL_SUBMIT (type 5) carries the values and the message', async () => {
    const ix = await fake.sendInteraction({ kind: 'button', customId: 'modal:ok' });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 9, data: { custom_id: 'form:modal:ok', title: 'What was wrong?', components: [{ type: 18, component: { type: 3 } }, { type: 18, component: { type: 4 } }] } });
    expect(ix.state.ack).toBe('modal');
    expect(ix.modal()).toMatchObject({ custom_id: 'form:modal:ok' });
    const messageId = (ix.payload as { message?: { id: string } }).message?.id;
    const sub = await fake.sendInteraction({ kind: 'modal', customId: 'form:modal:ok', values: { reason: ['wrong'], comment: 'p. 3' } });
    expect(sub.payload.type).toBe(5);
    const reply = await sub.callback();
    expect(reply.body).toMatchObject({ type: 4, data: { content: `form:modal:ok wrong "p. 3" from ${messageId}`, flags: 64 } });
    // What a user could not submit is refused by the fake itself.
    await expect(fake.sendInteraction({ kind: 'modal', customId: 'form:modal:ok', values: { reason: ['nope'] } })).rejects.toThrow(/not an option/u);
    await expect(fake.sendInteraction({ kind: 'modal', customId: 'form:modal:ok', values: { comment: 'x' } })).rejects.toThrow(/reason takes 1–1/u);
    await expect(fake.sendInteraction({ kind: 'modal', customId: 'form:modal:ok', values: { reason: ['wrong'], comment: 'x'.repeat(21) } })).rejects.toThrow(/longer than 20/u);
    await expect(fake.sendInteraction({ kind: 'modal', customId: 'never-shown', values: {} })).rejects.toThrow(/no modal/u);
  });

  it('(9) a modal over Discord\'s limits is refused with 400 Invalid Form Body', async () => {
    const before = handlerErrors.length;
    const ix = await fake.sendInteraction({ kind: 'button', customId: 'modal:bad' });
    const failed = await ix.waitFor('POST /interactions/:id/:token/callback');
    expect(failed.status).toBe(400);
    expect(failed.response).toMatchObject({ code: 50035, errors: { data: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    await expect.poll(() => handlerErrors.length).toBe(before + 1);
    handlerErrors.splice(before, 1);
  });

  it('had no handler errors', () => {
    expect(handlerErrors).toEqual([]);
  });
});
