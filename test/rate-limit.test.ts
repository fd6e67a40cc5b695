import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, sha256 } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { send, type TransportName } from './support/transports.js';

const QUERY = '{ __typename }';
/** One more than a one-second window: the next request starts a fresh window. */
const nextWindow = () => new Promise((resolve) => setTimeout(resolve, 1_100));

/** RATE_LIMIT_PER_PRINCIPAL=1 for everyone but `reader` (rateLimit 5) and `ops` (rateLimit 0: no limit). */
const API_KEYS = JSON.stringify([
  { id: 'reader', sha256: sha256(KEYS.reader), scopes: ['sessions:read'], rateLimit: 5 },
  { id: 'ops', sha256: sha256(KEYS.ops), scopes: ['sessions:read'], rateLimit: 0 },
  { id: 'no-scopes', sha256: sha256(KEYS.noScopes), scopes: [] },
]);

function expectRateLimitedBody(body: unknown): void {
  expect(body).toEqual({
    errors: [
      {
        message: expect.stringMatching(/^Too many requests: .* may send 1 requests or operations per second .*Retry-After/) as unknown,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 },
      },
    ],
  });
}

describe('RATE_LIMIT_PER_PRINCIPAL', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ RATE_LIMIT_PER_PRINCIPAL: '1', API_KEYS, ALLOW_ANONYMOUS: 'true' });
  });
  afterAll(() => gw.close());

  it('answers HTTP POST over the rate with 429, Retry-After and a GraphQL-shaped RATE_LIMITED body', async () => {
    await nextWindow();
    const first = await gw.post({ query: QUERY });
    expect(first.status).toBe(200);
    const second = await gw.post({ query: QUERY });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expectRateLimitedBody(second.body);
    // The next window serves again.
    await nextWindow();
    expect((await gw.post({ query: QUERY })).status).toBe(200);
  });

  it('answers HTTP GET the same way', async () => {
    await nextWindow();
    const get = () => fetch(`${gw.app.graphqlUrl}?query=${encodeURIComponent(QUERY)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expectRateLimitedBody(await refused.json());
  });

  it('refuses an operation over graphql-sse with 429 and Retry-After', async () => {
    await nextWindow();
    const sse = () =>
      fetch(gw.app.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: QUERY }),
      });
    const first = await sse();
    expect(first.status).toBe(200);
    await first.text();
    const refused = await sse();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expectRateLimitedBody(await refused.json());
  });

  it('refuses an operation over graphql-ws with the same coded error', async () => {
    await nextWindow();
    const first = await send('graphql-ws', gw.app.graphqlUrl, QUERY);
    expect(first.errors).toEqual([]);
    const refused = await send('graphql-ws', gw.app.graphqlUrl, QUERY);
    expect(refused.data).toEqual([]);
    expect(refused.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 1 }) as unknown }),
    ]);
  });

  it('counts one principal over every transport', async () => {
    await nextWindow();
    expect((await gw.post({ query: QUERY })).status).toBe(200);
    for (const transport of ['http-post', 'http-get', 'graphql-sse', 'graphql-ws'] satisfies TransportName[]) {
      const outcome = await send(transport, gw.app.graphqlUrl, QUERY);
      expect({ transport, codes: outcome.errors.map((e) => e.extensions?.code) }).toEqual({ transport, codes: ['RATE_LIMITED'] });
    }
  });

  it("lets a key's rateLimit override the default, and rateLimit 0 lift it", async () => {
    await nextWindow();
    // reader: 5 per second; every principal has its own counter (anonymous is limited at 1 meanwhile).
    for (let i = 0; i < 5; i++) expect((await gw.post({ query: QUERY }, { 'x-api-key': KEYS.reader })).status).toBe(200);
    const refused = await gw.post({ query: QUERY }, { 'x-api-key': KEYS.reader });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.message).toMatch(/may send 5 requests or operations per second \(the key's rateLimit\)/);
    // ops: no limit.
    for (let i = 0; i < 20; i++) expect((await gw.post({ query: QUERY }, { 'x-api-key': KEYS.ops })).status).toBe(200);
    // no-scopes: the default, 1.
    expect((await gw.post({ query: QUERY }, { 'x-api-key': KEYS.noScopes })).status).toBe(200);
    expect((await gw.post({ query: QUERY }, { 'x-api-key': KEYS.noScopes })).status).toBe(429);
  });

  it('is off by default', async () => {
    const unlimited = await startTestGateway({ ALLOW_ANONYMOUS: 'true' });
    try {
      for (let i = 0; i < 20; i++) expect((await unlimited.post({ query: QUERY })).status).toBe(200);
    } finally {
      await unlimited.close();
    }
  });
});
