/**
 * Route patterns such as `POST /interactions/:id/:token/callback` or `/channels/:id/messages`.
 * `:name` matches one path segment, `*` matches one segment, a trailing `**` matches the rest.
 * Paths are compared after URL-decoding (discord.js sends `@original` as `%40original`).
 */
export interface RequestLike {
  readonly method: string;
  readonly path: string;
}

export type RoutePredicate<T extends RequestLike = RequestLike> = (request: T) => boolean;
/** A route pattern string, a RegExp tested against `"METHOD /path"`, or a predicate. */
export type RouteSpec<T extends RequestLike = RequestLike> = string | RegExp | RoutePredicate<T>;

interface ParsedPattern {
  readonly method: string | null;
  readonly segments: readonly string[];
}

const patternCache = new Map<string, ParsedPattern>();

/** Strips `/api` and `/vNN` prefixes, the query string and trailing slashes; splits into segments. */
export function splitPath(path: string): string[] {
  const withoutQuery = path.split('?')[0] ?? '';
  const parts = withoutQuery.split('/').filter((s) => s.length > 0);
  if (parts[0] === 'api') parts.shift();
  if (parts[0] !== undefined && /^v\d+$/.test(parts[0])) parts.shift();
  return parts;
}

function parsePattern(pattern: string): ParsedPattern {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const trimmed = pattern.trim();
  const space = trimmed.indexOf(' ');
  let method: string | null = null;
  let path = trimmed;
  if (space > 0) {
    method = trimmed.slice(0, space).toUpperCase();
    path = trimmed.slice(space + 1).trim();
    if (method === '*') method = null;
  }
  const parsed: ParsedPattern = { method, segments: splitPath(path) };
  patternCache.set(pattern, parsed);
  return parsed;
}

/** Returns the `:params` when `pattern` matches, else null. */
export function matchRoute(pattern: string, method: string, path: string): Record<string, string> | null {
  const parsed = parsePattern(pattern);
  if (parsed.method !== null && parsed.method !== method.toUpperCase()) return null;
  const actual = splitPath(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < parsed.segments.length; i++) {
    const expected = parsed.segments[i] as string;
    if (expected === '**' && i === parsed.segments.length - 1) return params;
    const got = actual[i];
    if (got === undefined) return null;
    if (expected.startsWith(':')) params[expected.slice(1)] = got;
    else if (expected !== '*' && expected !== got) return null;
  }
  return actual.length === parsed.segments.length ? params : null;
}

export function routeMatches<T extends RequestLike>(spec: RouteSpec<T>, request: T): boolean {
  if (typeof spec === 'function') return spec(request);
  if (spec instanceof RegExp) return spec.test(`${request.method.toUpperCase()} ${request.path}`);
  return matchRoute(spec, request.method, request.path) !== null;
}

export function describeRoute(spec: RouteSpec<never>): string {
  if (typeof spec === 'function') return spec.name ? `<predicate ${spec.name}>` : '<predicate>';
  return String(spec);
}
