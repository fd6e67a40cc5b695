import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Metrics } from '../platform/metrics.js';

interface StoredResponse {
  body: Buffer;
  contentType: string;
  scope: 'public' | 'private';
  expiresAt: number;
}

/** Apollo's Cache-Control format, which the gateway's cache-control plugin writes (src/graphql/cache-control.ts). */
const CACHEABLE = /^max-age=(\d+), (public|private)$/;

/** What the response-cache middleware tells the metrics middleware about a request. */
export type ResponseCacheResult = 'hit' | 'miss' | 'bypass';

export function responseCacheResultOf(res: Response): ResponseCacheResult {
  return (res.locals as { responseCache?: ResponseCacheResult }).responseCache ?? 'bypass';
}

/**
 * A cache of whole GraphQL responses in front of Apollo, inside the gateway: an identical request
 * (same principal, operation text or persisted-query hash, operation name, variables and Accept) is
 * answered with the stored bytes, without parsing, validating or executing anything. That is what
 * lets a popular ended session be served without any per-field work.
 *
 * It keeps only what the response itself says any cache may keep: status 200 with the Cache-Control
 * the gateway computed from the data it served (`max-age=N, public|private`, N ≥ 1; never with
 * errors, never `no-store`), for N seconds. Entries are keyed by principal (id, scopes and accounts),
 * so a response is only ever replayed to the same principal, and only after authentication has run
 * again for the replaying request (this middleware sits after it). A `private` response of an
 * anonymous request is not kept. Only POST with a JSON object body takes part: GET requests and
 * batches go to Apollo every time, and so do requests for a federation trace (`ftv1`, below).
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, StoredResponse>;

  constructor(
    maxBytes: number,
    private readonly metrics: Metrics | null,
  ) {
    this.entries = new LRUCache<string, StoredResponse>({
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entry.body.length + key.length + 64,
    });
  }

  /**
   * @param principalKey identifies the authenticated principal of a request (undefined: unknown, so
   *   the request is not served from, nor stored in, the cache).
   * @param onHit called for a request answered from the cache (for the request log).
   */
  middleware(
    principalKey: (req: Request, res: Response) => string | undefined,
    onHit?: (req: Request, res: Response, operationName: string | null) => void,
  ): RequestHandler {
    return (req, res, next) => {
      const principal = req.method === 'POST' ? principalKey(req, res) : undefined;
      const key = principal === undefined ? undefined : requestKey(principal, req);
      if (key === undefined) {
        (res.locals as { responseCache?: ResponseCacheResult }).responseCache = 'bypass';
        return next();
      }
      const stored = this.entries.get(key);
      const now = Date.now();
      if (stored && stored.expiresAt > now) {
        this.metrics?.cache.inc({ cache: 'response', result: 'hit' });
        (res.locals as { responseCache?: ResponseCacheResult }).responseCache = 'hit';
        onHit?.(req, res, operationNameOf(req));
        res.statusCode = 200;
        res.setHeader('content-type', stored.contentType);
        res.setHeader('cache-control', `max-age=${Math.max(1, Math.floor((stored.expiresAt - now) / 1000))}, ${stored.scope}`);
        res.setHeader('content-length', stored.body.length);
        res.end(stored.body);
        return;
      }
      this.metrics?.cache.inc({ cache: 'response', result: 'miss' });
      (res.locals as { responseCache?: ResponseCacheResult }).responseCache = 'miss';
      this.captureInto(key, principal !== 'anonymous', res);
      next();
    };
  }

  /** Keeps the response the rest of the chain writes, if its status and headers allow. */
  private captureInto(key: string, credentialed: boolean, res: Response): void {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const [chunk, encoding] = args;
      if (res.statusCode === 200 && (Buffer.isBuffer(chunk) || typeof chunk === 'string')) {
        const match = CACHEABLE.exec(String(res.getHeader('cache-control') ?? ''));
        const maxAge = match ? Number(match[1]) : 0;
        const scope = match?.[2] as 'public' | 'private' | undefined;
        if (scope && maxAge > 0 && (scope === 'public' || credentialed)) {
          const body = Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
          this.entries.set(key, {
            body,
            contentType: String(res.getHeader('content-type') ?? 'application/json'),
            scope,
            expiresAt: Date.now() + maxAge * 1000,
          });
          if (body !== chunk) args[0] = body;
        }
      }
      return end(...args);
    }) as Response['end'];
  }
}

/**
 * A router asks for a federation trace (`extensions.ftv1`, the timings of this execution) with this
 * header. Such requests bypass the cache: a stored trace would report an execution that did not
 * happen, and a response stored for a plain client has none. Routers trace a sampled share only.
 */
const TRACE_HEADER = 'apollo-federation-include-trace';

/**
 * The request's identity for the cache: principal, Accept, operation name, the operation (its text,
 * or the persisted-query hash when only that was sent) and the variables, as one JSON array so no
 * two different requests share a key. Undefined for requests that do not take part (not a JSON
 * object body, other extensions than a persisted query, a trace asked for).
 */
function requestKey(principal: string, req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || req.headers[TRACE_HEADER] !== undefined) return undefined;
  const { query, operationName, variables, extensions, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  let operation: { query: string } | { hash: string };
  if (typeof query === 'string') {
    operation = { query };
  } else {
    const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    if (typeof hash !== 'string') return undefined;
    operation = { hash };
  }
  if (
    extensions !== undefined &&
    (typeof extensions !== 'object' || extensions === null || Object.keys(extensions).some((k) => k !== 'persistedQuery'))
  ) {
    return undefined;
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  // null and absent both mean "the only operation"; "" names an operation (graphql-js finds none by that name).
  return JSON.stringify([principal, req.headers.accept ?? null, operationName ?? null, operation, variables ?? null]);
}

function operationNameOf(req: Request): string | null {
  const name = (req.body as { operationName?: unknown }).operationName;
  return typeof name === 'string' ? name : null;
}

/**
 * A principal as the response cache tells principals apart: kind, id, scopes and accounts (two tokens
 * of the same subject with different scopes or accounts are different principals here). A SHA-256 of
 * their JSON, sets sorted, `null` accounts (any account) kept apart from every list of accounts.
 */
export function principalCacheKey(principal: {
  id: string;
  kind: string;
  scopes: ReadonlySet<string>;
  accounts: ReadonlySet<string> | null;
}): string {
  if (principal.kind === 'anonymous') return 'anonymous';
  const accounts = principal.accounts === null ? null : [...principal.accounts].sort();
  const identity = JSON.stringify([principal.kind, principal.id, [...principal.scopes].sort(), accounts]);
  return createHash('sha256').update(identity).digest('base64url');
}
