/**
 * The monitoring HTTP server (node:http; two read-only routes do not need a
 * framework): off unless METRICS_PORT is set, bound to METRICS_HOST
 * (127.0.0.1 by default, so nothing outside the machine or container sees it
 * unless the operator says so).
 *
 *   GET /healthz   readiness: 200 {"status":"ready",…} when Discord is connected, an
 *                  index is loaded and the bot is not shutting down; 503 otherwise
 *   GET /metrics   Prometheus text format (metrics.ts)
 *
 * HEAD works on both; other methods get 405, other paths 404. Requests carry
 * nothing from users, and responses hold no question text.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export interface Health {
  ready: boolean;
  /** Why not ready, one per failing check (empty when ready). */
  problems: string[];
  /** Extra fields for the JSON body (index version, counts, …). */
  details: Record<string, unknown>;
}

export interface MonitoringServerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  health: () => Health;
}

export interface MonitoringServer {
  /** e.g. http://127.0.0.1:9464 */
  readonly url: string;
  close(): Promise<void>;
}

/** Thrown when the server cannot listen (port in use, address not on this machine); its message is for the operator. */
export class MonitoringServerError extends Error {
  override name = 'MonitoringServerError';
}

export async function startMonitoringServer(options: MonitoringServerOptions): Promise<MonitoringServer> {
  const server = createServer((req, res) => void handle(req, res, options));
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : err.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : err.code === 'EACCES' ? 'needs privileges' : `failed (${err.code ?? err.message})`;
      reject(new MonitoringServerError(`the monitoring server could not listen on ${options.host}:${options.port}: that address ${why} (METRICS_HOST, METRICS_PORT)`));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => closeServer(server),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: MonitoringServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', head, { allow: 'GET, HEAD' });
  try {
    if (path === '/healthz') {
      const h = options.health();
      const body = `${JSON.stringify({ status: h.ready ? 'ready' : 'unavailable', problems: h.problems, ...h.details })}\n`;
      return send(res, h.ready ? 200 : 503, 'application/json; charset=utf-8', body, head, { 'cache-control': 'no-store' });
    }
    if (path === '/metrics') return send(res, 200, options.metrics.contentType, await options.metrics.text(), head, { 'cache-control': 'no-store' });
    return send(res, 404, 'text/plain; charset=utf-8', 'Not Found: try /healthz or /metrics\n', head);
  } catch {
    return send(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n', head);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(head ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // A scraper holding a keep-alive connection open must not delay the shutdown.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
