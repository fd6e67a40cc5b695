/**
 * Paging for the List* operations, with opaque `nextToken`s that behave like IVS's: a token only
 * works for the operation, region and parameters (channel, filters) it was issued for; anything
 * else is a 400 ValidationException.
 *
 * Token format (opaque to clients): base64url, unpadded, of the JSON array
 * `["v1", operation, fingerprint, cursor]`, where
 * - `fingerprint` is 16 hex chars of SHA-256 over the operation, the region and the request's
 *   parameters other than nextToken/maxResults, so a token reused with other filters is refused;
 * - `cursor` is the sort key of the last item returned (keyset paging, not an offset), so the next
 *   page starts right after it even if items were added or removed in between (e.g. a stream went
 *   offline): no item is skipped or repeated because of a change elsewhere in the list.
 * Tokens match the model's `^[a-zA-Z0-9+/=_-]*$` and stay far below its 1024 characters.
 */
import { createHash } from 'node:crypto';
import { serviceError } from './wire-errors.js';

export interface PageRequest {
  readonly operation: string;
  readonly region: string;
  /** The parameters a token is bound to (channel ARN, filters); JSON-serializable. */
  readonly scope: unknown;
  /** Already checked against the PaginationToken constraints; "" reads as absent. */
  readonly nextToken: string | undefined;
  /** Already checked against the 1..100 range; absent means the documented default, 100. */
  readonly maxResults: number | undefined;
}

export interface Page<Item> {
  readonly items: Item[];
  /** Absent on the last page. */
  readonly nextToken?: string;
}

export const DEFAULT_MAX_RESULTS = 100;
const TOKEN_VERSION = 'v1';

function fingerprint(request: PageRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.operation, request.region, request.scope ?? null]))
    .digest('hex')
    .slice(0, 16);
}

function encodeToken(request: PageRequest, cursor: string): string {
  return Buffer.from(JSON.stringify([TOKEN_VERSION, request.operation, fingerprint(request), cursor])).toString('base64url');
}

/** The cursor of a token, after checking it was issued for this very request. */
function cursorOf(request: PageRequest, token: string): string {
  const malformed = () =>
    serviceError('ValidationException', `Invalid nextToken: the token is malformed or was not issued by ${request.operation}`);
  // Node's base64url decoder skips characters it does not know: insist on a canonical round trip.
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw malformed();
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64url') !== token) throw malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((part) => typeof part === 'string')) {
    throw malformed();
  }
  const [version, operation, print, cursor] = parsed as [string, string, string, string];
  if (version !== TOKEN_VERSION || operation !== request.operation) throw malformed();
  if (print !== fingerprint(request)) {
    throw serviceError(
      'ValidationException',
      `Invalid nextToken: the token was issued for a request with other parameters (region, channel or filters) than this ${request.operation} request`,
    );
  }
  return cursor;
}

/** Code-unit order, independent of locale. */
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of `items`, in ascending order of `keyOf` (keys must be unique). The first page starts
 * at the smallest key; a page is followed by a token only when more items remain.
 */
export function pageOf<Item>(items: readonly Item[], keyOf: (item: Item) => string, request: PageRequest): Page<Item> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compareKeys(a.key, b.key));
  const token = request.nextToken === '' ? undefined : request.nextToken;
  const after = token === undefined ? undefined : cursorOf(request, token);
  const start = after === undefined ? 0 : keyed.findIndex(({ key }) => compareKeys(key, after) > 0);
  const remaining = start < 0 ? [] : keyed.slice(start);
  const taken = remaining.slice(0, request.maxResults ?? DEFAULT_MAX_RESULTS);
  const last = taken.at(-1);
  return {
    items: taken.map(({ item }) => item),
    ...(last && remaining.length > taken.length && { nextToken: encodeToken(request, last.key) }),
  };
}
