/**
 * Fake Discord gateway (JSON encoding, no compression) on the `ws` package: HELLO, heartbeats,
 * IDENTIFY -> READY + GUILD_CREATE, RESUME -> replay + RESUMED, dispatches with sequence numbers,
 * and fault injection (abrupt drop, close codes, op 7 RECONNECT, op 9 INVALID_SESSION).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface GatewayFrame {
  readonly seq: number;
  readonly direction: 'in' | 'out';
  readonly connectionId: number;
  readonly op: number;
  readonly t: string | null;
  readonly s: number | null;
  readonly d: unknown;
  /** Fake clock, ms. */
  readonly at: number;
}

export interface GatewayConnectionInfo {
  readonly id: number;
  /** Request path + query, e.g. `/?v=10&encoding=json` or `/resume?v=10&encoding=json`. */
  readonly url: string;
  readonly openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** Set once IDENTIFY or RESUME succeeded on this connection. */
  authenticated: 'identify' | 'resume' | null;
}

export interface GatewayHooks {
  readonly now: () => number;
  /** If set, IDENTIFY/RESUME must carry this token (else close 4004). */
  readonly token: string | null;
  readonly heartbeatIntervalMs: number;
  /** Privileged intents the application may NOT use (bitmask); an IDENTIFY asking for one is closed with 4014. */
  readonly disallowedIntents?: number;
  readonly ready: (sessionId: string, resumeUrl: string) => GatewayReadyDispatchData;
  readonly guildCreates: () => GatewayGuildCreateDispatchData[];
  readonly log?: (line: string) => void;
}

interface Session {
  readonly id: string;
  seq: number;
  /** Dispatches of this session, for replay on RESUME. */
  readonly sent: { readonly s: number; readonly frame: string }[];
  intents: number;
}

interface Conn {
  readonly info: GatewayConnectionInfo;
  readonly ws: WebSocket;
  /** True when dispatches may be delivered (authenticated and not told to reconnect). */
  live: boolean;
}

interface FrameWaiter {
  readonly predicate: (f: GatewayFrame) => boolean;
  readonly after: number;
  readonly resolve: (f: GatewayFrame) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class FakeGateway {
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private port = 0;
  private frameSeq = 0;
  private connSeq = 0;
  private session: Session | null = null;
  private active: Conn | null = null;
  private readonly conns = new Set<Conn>();
  private readonly log: GatewayFrame[] = [];
  private readonly frameWaiters = new Set<FrameWaiter>();
  private readonly liveWaiters = new Set<() => void>();
  readonly connections: GatewayConnectionInfo[] = [];
  /** IDENTIFY payloads received, in order (token, intents, properties, ...). */
  readonly identifies: GatewayIdentifyData[] = [];

  constructor(private readonly hooks: GatewayHooks) {}

  async start(): Promise<void> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('Upgrade Required');
    });
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws, req) => this.onConnection(ws, req.url ?? '/'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const w of this.frameWaiters) {
      clearTimeout(w.timer);
      w.reject(new Error('FakeDiscord stopped'));
    }
    this.frameWaiters.clear();
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    this.active = null;
    const wss = this.wss;
    const server = this.server;
    this.wss = null;
    this.server = null;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }

  /** URL handed out by `GET /gateway/bot`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** `resume_gateway_url` sent in READY (same server, distinguishable path). */
  get resumeUrl(): string {
    return `ws://127.0.0.1:${this.port}/resume`;
  }

  get frames(): readonly GatewayFrame[] {
    return this.log;
  }

  get lastFrameSeq(): number {
    return this.frameSeq;
  }

  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Intents of the current session's IDENTIFY (0 before any). */
  get intents(): number {
    return this.session?.intents ?? 0;
  }

  /** Whether a connection is authenticated and able to receive dispatches right now. */
  get isLive(): boolean {
    return this.active?.live === true;
  }

  /** Resolves once a connection is live (identified/resumed). */
  waitForLive(timeoutMs = 10_000): Promise<void> {
    if (this.isLive) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.liveWaiters.delete(done);
        reject(new Error(`FakeDiscord: no live gateway connection after ${timeoutMs} ms (did the client log in?)`));
      }, timeoutMs);
      this.liveWaiters.add(done);
    });
  }

  /** Sends a dispatch (op 0) on the live connection, waiting for one if needed. Returns its `s` and send time. */
  async dispatch(t: string, d: unknown, timeoutMs = 10_000): Promise<{ s: number; at: number }> {
    await this.waitForLive(timeoutMs);
    const conn = this.active as Conn;
    return this.sendDispatch(conn, t, d);
  }

  /** Waits for a frame (default: only frames after `after`, a `lastFrameSeq` mark). */
  waitForFrame(predicate: (f: GatewayFrame) => boolean, timeoutMs = 10_000, after = 0, description = 'gateway frame'): Promise<GatewayFrame> {
    const existing = this.log.find((f) => f.seq > after && predicate(f));
    if (existing) return Promise.resolve(existing);
    return new Promise<GatewayFrame>((resolve, reject) => {
      const waiter: FrameWaiter = {
        predicate,
        after,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.frameWaiters.delete(waiter);
          const recent = this.log
            .slice(-12)
            .map((f) => `  ${f.direction === 'in' ? '<-' : '->'} conn#${f.connectionId} op ${f.op}${f.t ? ` ${f.t}` : ''}`)
            .join('\n');
          reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}. Recent frames:\n${recent || '  (none)'}`));
        }, timeoutMs),
      };
      this.frameWaiters.add(waiter);
    });
  }

  /** Waits for a frame the client sent with opcode `op` (e.g. 6 RESUME, 2 IDENTIFY). */
  waitForClientOp(op: GatewayOpcodes, timeoutMs = 10_000, after = 0): Promise<GatewayFrame> {
    return this.waitForFrame((f) => f.direction === 'in' && f.op === op, timeoutMs, after, `client op ${op} (${GatewayOpcodes[op]})`);
  }

  /** Waits for the server to send a dispatch `t` (e.g. READY, RESUMED). */
  waitForDispatch(t: string, timeoutMs = 10_000, after = 0): Promise<GatewayFrame> {
    return this.waitForFrame((f) => f.direction === 'out' && f.op === GatewayOpcodes.Dispatch && f.t === t, timeoutMs, after, `dispatch ${t}`);
  }

  // ------------------------------------------------------------------ faults

  /** Kills the TCP connection without a close frame (client sees 1006 and resumes on `resume_gateway_url`). */
  dropConnection(): void {
    const conn = this.requireActive();
    conn.live = false;
    this.active = null;
    conn.ws.terminate();
  }

  /** Closes the socket with a close code (e.g. 4000 -> client resumes; 4007/4009 -> re-identifies). */
  closeConnection(code: number = GatewayCloseCodes.UnknownError, reason = ''): void {
    const conn = this.requireActive();
    conn.live = false;
    this.active = null;
    if (code === GatewayCloseCodes.InvalidSeq || code === GatewayCloseCodes.SessionTimedOut) this.session = null;
    conn.ws.close(code, reason);
  }

  /** Sends op 7 RECONNECT: the client closes and resumes on `resume_gateway_url`. */
  sendReconnect(): void {
    const conn = this.requireActive();
    conn.live = false;
    this.send(conn, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /** Sends op 9 INVALID_SESSION. `resumable: false` also invalidates the session (the client re-identifies). */
  sendInvalidSession(resumable: boolean): void {
    const conn = this.requireActive();
    conn.live = false;
    if (!resumable) this.session = null;
    this.send(conn, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
  }

  // ------------------------------------------------------------------ internals

  private requireActive(): Conn {
    if (!this.active) throw new Error('FakeDiscord: no active gateway connection');
    return this.active;
  }

  private onConnection(ws: WebSocket, url: string): void {
    const info: GatewayConnectionInfo = { id: ++this.connSeq, url, openedAt: this.hooks.now(), closedAt: null, closeCode: null, authenticated: null };
    const conn: Conn = { info, ws, live: false };
    this.connections.push(info);
    this.conns.add(conn);
    this.hooks.log?.(`gateway conn#${info.id} open ${url}`);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code) => {
      info.closedAt = this.hooks.now();
      info.closeCode = code;
      conn.live = false;
      this.conns.delete(conn);
      if (this.active === conn) this.active = null;
      // A client-side close with 1000/1001 invalidates the session, as on Discord.
      if ((code === 1000 || code === 1001) && info.authenticated) this.session = null;
      this.hooks.log?.(`gateway conn#${info.id} closed ${code}`);
    });
    ws.on('error', () => undefined);
    this.send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8')) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.pushFrame({ direction: 'in', connectionId: conn.info.id, op, t: null, s: null, d: payload.d });
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.send(conn, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.onIdentify(conn, payload.d as GatewayIdentifyData);
        return;
      case GatewayOpcodes.Resume:
        this.onResume(conn, payload.d as GatewayResumeData);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.info.authenticated) conn.ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        conn.ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private onIdentify(conn: Conn, d: GatewayIdentifyData): void {
    if (conn.info.authenticated) {
      conn.ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (this.hooks.token !== null && d.token !== this.hooks.token) {
      conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (((this.hooks.disallowedIntents ?? 0) & d.intents) !== 0) {
      this.identifies.push(d);
      conn.ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    this.identifies.push(d);
    this.session = { id: randomBytes(16).toString('hex'), seq: 0, sent: [], intents: d.intents };
    this.takeOver(conn, 'identify');
    this.sendDispatch(conn, GatewayDispatchEvents.Ready, this.hooks.ready(this.session.id, this.resumeUrl));
    for (const guild of this.hooks.guildCreates()) this.sendDispatch(conn, GatewayDispatchEvents.GuildCreate, guild);
    this.markLive(conn);
  }

  private onResume(conn: Conn, d: GatewayResumeData): void {
    const session = this.session;
    if (this.hooks.token !== null && d.token !== this.hooks.token) {
      conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (!session || session.id !== d.session_id || d.seq > session.seq) {
      this.send(conn, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    this.takeOver(conn, 'resume');
    for (const missed of session.sent) {
      if (missed.s > d.seq) {
        conn.ws.send(missed.frame);
        const parsed = JSON.parse(missed.frame) as { op: number; t: string | null; s: number | null; d: unknown };
        this.pushFrame({ direction: 'out', connectionId: conn.info.id, op: parsed.op, t: parsed.t, s: parsed.s, d: parsed.d });
      }
    }
    this.sendDispatch(conn, GatewayDispatchEvents.Resumed, null);
    this.markLive(conn);
  }

  /** Makes `conn` the session's connection; an older connection stops receiving dispatches. */
  private takeOver(conn: Conn, how: 'identify' | 'resume'): void {
    conn.info.authenticated = how;
    if (this.active && this.active !== conn) this.active.live = false;
    this.active = conn;
  }

  private markLive(conn: Conn): void {
    conn.live = true;
    for (const done of [...this.liveWaiters]) {
      this.liveWaiters.delete(done);
      done();
    }
  }

  private sendDispatch(conn: Conn, t: string, d: unknown): { s: number; at: number } {
    const session = this.session;
    if (!session) throw new Error('FakeDiscord: no gateway session');
    const s = ++session.seq;
    const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s, d });
    session.sent.push({ s, frame });
    if (session.sent.length > 1000) session.sent.shift();
    const at = this.hooks.now();
    conn.ws.send(frame);
    this.pushFrame({ direction: 'out', connectionId: conn.info.id, op: GatewayOpcodes.Dispatch, t, s, d });
    return { s, at };
  }

  private send(conn: Conn, payload: { op: number; d: unknown; s: number | null; t: string | null }): void {
    conn.ws.send(JSON.stringify(payload));
    this.pushFrame({ direction: 'out', connectionId: conn.info.id, op: payload.op, t: payload.t, s: payload.s, d: payload.d });
  }

  private pushFrame(frame: Omit<GatewayFrame, 'seq' | 'at'>): void {
    const full: GatewayFrame = { ...frame, seq: ++this.frameSeq, at: this.hooks.now() };
    this.log.push(full);
    if (this.log.length > 5000) this.log.shift();
    for (const w of [...this.frameWaiters]) {
      if (full.seq > w.after && w.predicate(full)) {
        clearTimeout(w.timer);
        this.frameWaiters.delete(w);
        w.resolve(full);
      }
    }
  }
}
