/**
 * HTTP mechanics of the fake REST API: parsing (JSON and multipart), recording every request,
 * fault injection (429 with Retry-After, Discord JSON errors, 5xx, delays), rate-limit headers,
 * and waiting for requests.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRoute, matchRoute, routeMatches, splitPath, type RouteSpec } from './routes.js';
import { faultName, normalizeFault, type FaultRule, type RecordedFile, type RecordedRequest, type RestFault, type RestFaultInit, type DispatchLink } from './types.js';
import type { DiscordError } from './validation.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HandlerContext {
  readonly request: RecordedRequest;
  readonly params: Readonly<Record<string, string>>;
  /** `request.body` if it is a JSON object, else `{}`. */
  readonly body: Record<string, unknown>;
  readonly files: readonly RecordedFile[];
}

export interface RouteDef {
  readonly method: string;
  readonly pattern: string;
  /** Interaction callbacks and webhook-token routes are not authenticated with the bot token. */
  readonly tokenAuth?: boolean;
  readonly handle: (ctx: HandlerContext) => Reply | Promise<Reply>;
}

export interface RestServerOptions {
  readonly routes: readonly RouteDef[];
  readonly now: () => number;
  /** If set, `Authorization` must be `Bot <token>`; otherwise any `Bot ...` header is accepted. */
  readonly token: string | null;
  readonly link: (request: RecordedRequest) => { link: DispatchLink; sinceDispatchMs: number } | null;
  readonly log?: (line: string) => void;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Only consider requests with `seq` greater than this (see `mark()`). Default: consider all. */
  readonly after?: number;
}

interface Waiter {
  readonly predicate: (r: RecordedRequest) => boolean;
  readonly after: number;
  readonly resolve: (r: RecordedRequest) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
export const discordError = (e: DiscordError): Reply => ({
  status: e.status,
  body: { message: e.message, code: e.code, ...(e.errors ? { errors: e.errors } : {}) },
});
export const errorReply = (status: number, code: number, message: string): Reply => discordError({ status, code, message });

function bucketHash(pattern: string): string {
  return createHash('sha1').update(pattern).digest('hex').slice(0, 32);
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

interface ParsedBody {
  body: unknown;
  formFields: Record<string, string>;
  files: RecordedFile[];
  error: DiscordError | null;
}

async function parseBody(contentType: string, raw: Buffer): Promise<ParsedBody> {
  const out: ParsedBody = { body: undefined, formFields: {}, files: [], error: null };
  if (raw.length === 0) return out;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: Uint8Array.from(raw) }).formData();
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            out.body = JSON.parse(value) as unknown;
          } catch {
            out.error = { status: 400, code: 50109, message: 'The request body contains invalid JSON.' };
          }
        } else out.formFields[field] = value;
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        out.files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: data.length, data });
      }
    }
    return out;
  }
  const text = raw.toString('utf8');
  if (contentType.startsWith('application/json')) {
    try {
      out.body = JSON.parse(text) as unknown;
    } catch {
      out.error = { status: 400, code: 50109, message: 'The request body contains invalid JSON.' };
    }
  } else out.body = text;
  return out;
}

export class RestServer {
  private server: Server | null = null;
  private port = 0;
  private seq = 0;
  private readonly recorded: RecordedRequest[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly faults: FaultRule[] = [];

  constructor(private readonly options: RestServerOptions) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.log?.(`REST handler crashed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('FakeDiscord stopped'));
    }
    this.waiters.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.recorded.length = 0;
  }

  injectFault(route: RouteSpec<RecordedRequest>, init: RestFaultInit, times: number): FaultRule {
    const rule: FaultRule = { route, fault: normalizeFault(init), remaining: times, hits: 0 };
    this.faults.push(rule);
    return rule;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  waitFor(predicate: (r: RecordedRequest) => boolean, options: WaitOptions = {}, description = 'request'): Promise<RecordedRequest> {
    const after = options.after ?? 0;
    const existing = this.recorded.find((r) => r.seq > after && predicate(r));
    if (existing) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<RecordedRequest>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        after,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const recent = this.recorded
            .slice(-15)
            .map((r) => `  #${r.seq} ${r.method} ${r.path} -> ${r.status}${r.fault ? ` [${r.fault}]` : ''}`)
            .join('\n');
          reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}. Recent requests:\n${recent || '  (none)'}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  waitForRoute(route: RouteSpec<RecordedRequest>, options: WaitOptions & { readonly where?: (r: RecordedRequest) => boolean } = {}): Promise<RecordedRequest> {
    const where = options.where;
    return this.waitFor((r) => routeMatches(route, r) && (where ? where(r) : true), options, describeRoute(route));
  }

  private record(request: RecordedRequest): void {
    this.recorded.push(request);
    for (const w of [...this.waiters]) {
      if (request.seq > w.after && w.predicate(request)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(request);
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.options.now();
    const seq = ++this.seq;
    const url = req.url ?? '/';
    const parsedUrl = new URL(url, this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = '/' + splitPath(parsedUrl.pathname).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    }).join('/');
    const headers = headerRecord(req);
    const parsed = await parseBody(headers['content-type'] ?? '', await readBody(req));
    const request: RecordedRequest = {
      seq,
      method,
      path,
      url,
      query: Object.fromEntries(parsedUrl.searchParams),
      headers,
      body: parsed.body,
      formFields: parsed.formFields,
      files: parsed.files,
      at,
      route: null,
      params: {},
      status: 0,
      response: undefined,
      fault: null,
      link: null,
      sinceDispatchMs: null,
    };

    let matched: RouteDef | null = null;
    for (const def of this.options.routes) {
      const params = matchRoute(`${def.method} ${def.pattern}`, method, path);
      if (params) {
        matched = def;
        request.route = `${def.method} ${def.pattern}`;
        request.params = params;
        break;
      }
    }
    const linked = this.options.link(request);
    if (linked) {
      request.link = linked.link;
      request.sinceDispatchMs = linked.sinceDispatchMs;
    }

    const bucket = bucketHash(request.route ?? path);
    let reply: Reply;
    const rule = this.faults.find((f) => f.remaining > 0 && routeMatches(f.route, request));
    let fault: RestFault | null = null;
    if (rule) {
      rule.remaining--;
      rule.hits++;
      fault = rule.fault;
      request.fault = faultName(fault);
    }
    if (fault && fault.kind !== 'delay') {
      reply = this.faultReply(fault, bucket);
    } else {
      if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
      reply = await this.dispatch(matched, request, parsed);
      reply = { ...reply, headers: { ...(matched && reply.status < 400 ? this.rateLimitHeaders(bucket, 4, 1) : {}), ...reply.headers } };
    }

    request.status = reply.status;
    request.response = reply.body;
    this.options.log?.(`${method} ${path} -> ${reply.status}${request.fault ? ` [${request.fault}]` : ''}`);
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status, {
      ...(reply.status !== 204 ? { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json' } : {}),
      via: '1.1 google',
      ...reply.headers,
    });
    res.end(reply.status === 204 || reply.body === undefined ? undefined : isText ? (reply.body as string) : JSON.stringify(reply.body));
    this.record(request);
  }

  private async dispatch(matched: RouteDef | null, request: RecordedRequest, parsed: ParsedBody): Promise<Reply> {
    if (!matched) return { status: 404, body: { message: '404: Not Found', code: 0 } };
    if (!matched.tokenAuth) {
      const auth = request.headers.authorization ?? '';
      const ok = this.options.token === null ? auth.startsWith('Bot ') : auth === `Bot ${this.options.token}`;
      if (!ok) return errorReply(401, 0, '401: Unauthorized');
    }
    if (parsed.error) return discordError(parsed.error);
    const body = typeof parsed.body === 'object' && parsed.body !== null && !Array.isArray(parsed.body) ? (parsed.body as Record<string, unknown>) : {};
    return matched.handle({ request, params: request.params, body, files: parsed.files });
  }

  private rateLimitHeaders(bucket: string, remaining: number, resetAfter: number, scope?: string): Record<string, string> {
    return {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': (Date.now() / 1000 + resetAfter).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
      ...(scope ? { 'x-ratelimit-scope': scope } : {}),
    };
  }

  private faultReply(fault: Exclude<RestFault, { kind: 'delay' }>, bucket: string): Reply {
    switch (fault.kind) {
      case 'rateLimit': {
        const global = fault.global ?? false;
        const scope = fault.scope ?? (global ? 'global' : 'user');
        return {
          status: 429,
          headers: {
            'retry-after': String(fault.retryAfter),
            ...(global ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': scope } : this.rateLimitHeaders(bucket, 0, fault.retryAfter, scope)),
          },
          body: { message: 'You are being rate limited.', retry_after: fault.retryAfter, global },
        };
      }
      case 'error':
        return discordError({ status: fault.status, code: fault.code, message: fault.message, ...(fault.errors ? { errors: fault.errors as Record<string, unknown> } : {}) });
      case 'serverError':
        return fault.status === 500
          ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } }
          : { status: fault.status, body: `error code: ${fault.status}` };
    }
  }
}
