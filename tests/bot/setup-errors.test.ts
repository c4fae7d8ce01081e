/**
 * describeSetupFailure on the failures the fake Discord cannot produce: a DNS
 * lookup that fails (undici's error, as @discordjs/rest rethrows it, and as
 * fetch wraps it in `cause`) and Discord's 10002 Unknown Application. The
 * others (401, 20012, 50001, ECONNREFUSED, gateway 4014) run end to end in
 * scripts.test.ts.
 */
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { describeSetupFailure, gatewayCloseError } from '../../src/bot/setup-errors.js';

const dnsError = (): Error => Object.assign(new Error('getaddrinfo ENOTFOUND discord.com'), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: 'discord.com' });

describe('describeSetupFailure', () => {
  it('a failed DNS lookup names the host and the hint, directly or as a cause', () => {
    for (const error of [dnsError(), new TypeError('fetch failed', { cause: dnsError() })]) {
      expect(describeSetupFailure(error, { action: 'registering the commands' })?.message).toBe(
        'could not reach Discord while registering the commands: the DNS lookup of discord.com failed (ENOTFOUND). Check the network connection.',
      );
    }
    const custom = describeSetupFailure(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), { action: 'logging in', apiBaseUrl: 'https://proxy.example/api' });
    expect(custom?.message).toBe('could not reach Discord while logging in: the DNS lookup of proxy.example failed (EAI_AGAIN). Check the network connection or DISCORD_API_BASE_URL.');
  });

  it('Unknown Application (10002) names DISCORD_CLIENT_ID', () => {
    const error = new DiscordAPIError({ code: 10002, message: 'Unknown Application' }, 10002, 404, 'PUT', 'https://discord.com/api/v10/applications/1/commands', { body: undefined, files: undefined });
    expect(describeSetupFailure(error, { action: 'registering the commands' })?.message).toMatch(/^Discord does not know this application, .*\(10002 Unknown Application\): check DISCORD_CLIENT_ID /u);
  });

  it('leaves errors it does not know alone, and knows the gateway codes discord.js does not recover from', () => {
    expect(describeSetupFailure(new Error('something else'), { action: 'logging in' })).toBeNull();
    expect(gatewayCloseError(4014)?.message).toMatch(/Message Content Intent/u);
    expect(gatewayCloseError(4004)?.message).toMatch(/DISCORD_TOKEN/u);
    expect(gatewayCloseError(1000)).toBeNull();
  });
});
