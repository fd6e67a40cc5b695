import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A setup file of the e2e project: every GraphQL operation a test sends over HTTP (any `fetch` to a
 * `/graphql` URL: the helpers, Apollo Client, raw requests) is appended to OPERATIONS_RECORD_DIR,
 * one JSON line per request, for test/equivalence/ to replay through both executors once the suite
 * has run (vitest.config.ts orders the projects). WebSocket operations are recorded by
 * test/support/transports.ts (`recordOperation`).
 */
const dir = process.env.OPERATIONS_RECORD_DIR;
const file = dir && join(dir, `${process.pid}.jsonl`);

export interface RecordedOperation {
  query: string;
  variables?: unknown;
  operationName?: unknown;
}

export function recordOperation(operation: RecordedOperation): void {
  if (!file || typeof operation.query !== 'string') return;
  const { query, variables, operationName } = operation;
  appendFileSync(file, `${JSON.stringify({ query, variables, operationName })}\n`);
}

if (file) {
  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    try {
      record(input instanceof Request ? input.url : String(input), init);
    } catch {
      // A body that is not one JSON operation (a batch, a malformed body sent on purpose) is not replayed.
    }
    return fetch(input, init);
  };
}

function record(url: string, init: RequestInit | undefined): void {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/graphql')) return;
  if (typeof init?.body === 'string') {
    const body = JSON.parse(init.body) as RecordedOperation;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) recordOperation(body);
    return;
  }
  const query = parsed.searchParams.get('query');
  if (query === null || (init?.method ?? 'GET') !== 'GET') return;
  const variables = parsed.searchParams.get('variables');
  recordOperation({
    query,
    variables: variables === null ? undefined : (JSON.parse(variables) as unknown),
    operationName: parsed.searchParams.get('operationName') ?? undefined,
  });
}
