import type { RouteSpec } from './routes.js';

/** A file uploaded in a multipart request (`files[n]`). */
export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly data: Buffer;
}

/** What a recorded request is linked to (for timing assertions). */
export interface DispatchLink {
  readonly kind: 'interaction' | 'message';
  /** Interaction id or message id. */
  readonly id: string;
}

/** One REST request the bot made against the fake. */
export interface RecordedRequest {
  /** Monotonic sequence number (see `FakeDiscord.mark()`). */
  readonly seq: number;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Decoded path without `/api/v10` and without the query, e.g. `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** The raw request URL as received. */
  readonly url: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON body, or the parsed `payload_json` of a multipart body; `undefined` without a body. */
  readonly body: unknown;
  /** Non-file multipart fields other than `payload_json`. */
  readonly formFields: Readonly<Record<string, string>>;
  readonly files: readonly RecordedFile[];
  /** Arrival time in ms on the fake's clock (`FakeDiscord.now()`). */
  readonly at: number;
  /** The handler pattern that served it (e.g. `POST /channels/:channelId/messages`), or null (404). */
  route: string | null;
  params: Record<string, string>;
  /** Response status sent back. */
  status: number;
  /** Response body sent back (parsed JSON, or undefined for 204). */
  response: unknown;
  /** Name of the injected fault that answered this request, if any. */
  fault: string | null;
  /** The interaction/message this request relates to, if known. */
  link: DispatchLink | null;
  /** `at` minus the dispatch time of `link`, in ms. */
  sinceDispatchMs: number | null;
}

/** An injected REST fault. */
export type RestFault =
  /** 429 with `Retry-After` (seconds) and `X-RateLimit-*` headers. */
  | { readonly kind: 'rateLimit'; readonly retryAfter: number; readonly global?: boolean; readonly scope?: 'user' | 'shared' | 'global' }
  /** Arbitrary Discord JSON error, e.g. `{status: 404, code: 10062, message: 'Unknown interaction'}`. */
  | { readonly kind: 'error'; readonly status: number; readonly code: number; readonly message: string; readonly errors?: unknown }
  /** A bare server error (500 JSON body; 502/503/504 plain-text gateway error). */
  | { readonly kind: 'serverError'; readonly status: 500 | 502 | 503 | 504 }
  /** Answer normally, but only after `ms`. */
  | { readonly kind: 'delay'; readonly ms: number };

/** Shorthands accepted by `injectFault`. */
export type RestFaultInit = RestFault | 'unknownInteraction' | 'missingPermissions' | 'unknownMessage' | 500 | 502 | 503 | 504;

export interface FaultRule {
  readonly route: RouteSpec<RecordedRequest>;
  readonly fault: RestFault;
  remaining: number;
  hits: number;
}

export function normalizeFault(init: RestFaultInit): RestFault {
  switch (init) {
    case 'unknownInteraction':
      return { kind: 'error', status: 404, code: 10062, message: 'Unknown interaction' };
    case 'missingPermissions':
      return { kind: 'error', status: 403, code: 50013, message: 'Missing Permissions' };
    case 'unknownMessage':
      return { kind: 'error', status: 404, code: 10008, message: 'Unknown Message' };
    case 500:
    case 502:
    case 503:
    case 504:
      return { kind: 'serverError', status: init };
    default:
      return init;
  }
}

export function faultName(fault: RestFault): string {
  switch (fault.kind) {
    case 'rateLimit':
      return `rateLimit(${fault.retryAfter}s${fault.global ? ', global' : ''})`;
    case 'error':
      return `error(${fault.status}/${fault.code})`;
    case 'serverError':
      return `serverError(${fault.status})`;
    case 'delay':
      return `delay(${fault.ms}ms)`;
  }
}
