import { createHash } from 'node:crypto';
import { ErrorCode, gatewayError } from '../kernel/errors.js';

/** One IVS list call: a region, IVS's own page token, and the page size. */
export interface PageRequest {
  region: string;
  nextToken: string | null;
  maxResults: number;
}

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const MAX_PAGE_SIZE = 100;
// IVS may answer a page with no items but a token; stop following such pages after this many.
const MAX_EMPTY_PAGES = 5;

/**
 * Where an edge sits: scope fingerprint, region index, the IVS token and page size its page was fetched
 * with, its index in that page, and (on a page's last edge) the token of the next page or the end of
 * the region. Opaque to clients: base64url JSON.
 */
interface CursorState {
  s: string;
  r: number;
  t: string | null;
  m: number;
  i: number;
  n?: string;
  e?: 1;
}

interface Position {
  region: number;
  nextToken: string | null;
  maxResults: number;
  skip: number;
}

function checkFirst(first: number | null | undefined): number {
  const value = first ?? 25;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "first" must be between 1 and ${MAX_PAGE_SIZE}; got ${value}.`, {
      argument: 'first',
    });
  }
  return value;
}

/**
 * A Relay connection over an IVS list operation that may span several regions (walked one after the
 * other). IVS tokens only go forward, so this offers `first`/`after` only. `scope` names the list
 * (operation, filters, channel): a cursor from one list is refused by another.
 *
 * `visible` (a principal restricted to some accounts): the connection is the list of only the nodes it
 * passes. Edges and cursors are of visible nodes only; a page IVS answered with only invisible nodes
 * counts as empty and is paged past (within MAX_EMPTY_PAGES and the IVS call budget), and when nothing
 * visible is found the cursors are null. `hasNextPage` counts visible nodes of the page in hand; it is
 * still true when IVS has a next page or another region follows, since whether that holds anything
 * visible is only known by fetching it (IVS's own empty pages behave the same for every caller).
 */
export async function paginate<T>(options: {
  scope: string;
  regions: readonly string[];
  first: number | null | undefined;
  after: string | null | undefined;
  fetchPage: (request: PageRequest) => Promise<Page<T>>;
  visible?: ((node: T) => boolean) | undefined;
}): Promise<Connection<T>> {
  const visible = options.visible ?? (() => true);
  const first = checkFirst(options.first);
  const scope = createHash('sha256').update(options.scope).digest('base64url').slice(0, 12);
  let position = options.after
    ? positionAfter(decodeCursor(options.after, scope), first)
    : { region: 0, nextToken: null, maxResults: first, skip: 0 };

  for (let emptyPages = 0; position.region < options.regions.length && emptyPages < MAX_EMPTY_PAGES; emptyPages++) {
    const { region, nextToken, maxResults, skip } = position;
    const page = await options.fetchPage({ region: options.regions[region]!, nextToken, maxResults });
    // Each node with its index in the IVS page, which its cursor records.
    const remaining = page.items
      .map((node, i) => ({ node, i }))
      .slice(skip)
      .filter(({ node }) => visible(node));
    if (remaining.length === 0) {
      position = page.nextToken
        ? { region, nextToken: page.nextToken, maxResults: first, skip: 0 }
        : { region: region + 1, nextToken: null, maxResults: first, skip: 0 };
      continue;
    }
    const lastIndex = page.items.length - 1;
    const edges = remaining.slice(0, first).map(({ node, i }) => {
      const end = i === lastIndex ? (page.nextToken ? { n: page.nextToken } : { e: 1 as const }) : {};
      return { node, cursor: encodeCursor({ s: scope, r: region, t: nextToken, m: maxResults, i, ...end }) };
    });
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: {
        hasNextPage: remaining.length > first || page.nextToken !== null || region < options.regions.length - 1,
        hasPreviousPage: Boolean(options.after),
        startCursor: edges[0]!.cursor,
        endCursor: edges.at(-1)!.cursor,
      },
    };
  }
  // Nothing (visible) found: the list ends here, also when MAX_EMPTY_PAGES stopped the walk early. A
  // cursor to continue from would have to point at an item the caller may not see.
  return {
    edges: [],
    nodes: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: Boolean(options.after), startCursor: null, endCursor: null },
  };
}

function positionAfter(cursor: CursorState, first: number): Position {
  if (cursor.e) return { region: cursor.r + 1, nextToken: null, maxResults: first, skip: 0 };
  if (cursor.n !== undefined) return { region: cursor.r, nextToken: cursor.n, maxResults: first, skip: 0 };
  // A cursor inside a page: fetch that page again exactly as before and continue after the edge.
  return { region: cursor.r, nextToken: cursor.t, maxResults: cursor.m, skip: cursor.i + 1 };
}

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(after: string, scope: string): CursorState {
  let state: Partial<CursorState> | undefined;
  try {
    state = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Partial<CursorState>;
  } catch {
    state = undefined;
  }
  const valid =
    typeof state === 'object' &&
    state !== null &&
    !Array.isArray(state) &&
    typeof state.s === 'string' &&
    Number.isInteger(state.r) &&
    state.r! >= 0 &&
    (state.t === null || typeof state.t === 'string') &&
    Number.isInteger(state.m) &&
    state.m! >= 1 &&
    state.m! <= MAX_PAGE_SIZE &&
    Number.isInteger(state.i) &&
    state.i! >= 0 &&
    (state.n === undefined || typeof state.n === 'string');
  if (!valid) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      'Argument "after" is not a cursor this API issued; pass an edge cursor or pageInfo.endCursor unchanged.',
      { argument: 'after' },
    );
  }
  if (state!.s !== scope) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      'Argument "after" is a cursor of a different list (other filters or channel); use it only with the list it came from.',
      { argument: 'after' },
    );
  }
  return state as CursorState;
}
