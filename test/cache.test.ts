import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalCacheKey } from '../src/http/response-cache.js';
import { demo, demoSession, DEMO_ACCOUNT_ID, DEMO_SRT_PASSPHRASE } from '../src/embedded-ivs/demo-data.js';
import { API_KEYS, createIssuer, jwtEnv, KEYS, type TestIssuer } from './support/credentials.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/gateway.js';

const SESSION = `query Session($channelArn: ID!, $streamId: ID) {
  streamSession(channelArn: $channelArn, streamId: $streamId) { streamId startTime endTime channel { name } truncatedEvents { eventTime name } }
}`;
const SESSION_IDS = `query Ids($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channelArn streamId } }`;
const PASSPHRASE = `query Srt($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channel { srt { endpoint passphrase } } } }`;

interface Answer extends GraphQLResponse {
  cacheControl: string | null;
  vary: string | null;
}

/** POST /graphql, with the response's Cache-Control (the test helper's `query` does not return headers). */
async function post(
  gw: TestGateway,
  query: string,
  variables?: object,
  headers: Record<string, string> = {},
  body: object = {},
): Promise<Answer> {
  const response = await gw.post({ query, variables, ...body }, headers);
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    body: response.body,
  };
}

describe('cross-request caching, in process (no Redis)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ CACHE_ENABLED: 'true', API_KEYS, ALLOW_ANONYMOUS: 'true' });
  });
  afterAll(() => gw.close());

  it('reads an ended session for 200 concurrent requests with one IVS call, and the next request with none', async () => {
    gw.ivs.resetCalls();
    const answers = await Promise.all(Array.from({ length: 200 }, () => post(gw, SESSION, demo.events500)));
    const expected = demoSession(demo.events500, gw.ivs.data);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data?.streamSession).toMatchObject({
        streamId: expected.streamId,
        startTime: expected.startTime,
        endTime: expected.endTime,
      });
    }
    expect(gw.ivs.callCount('GetStreamSession')).toBe(1);

    // The same request again (response cache), and another selection of the same session (data cache).
    gw.ivs.resetCalls();
    const again = await post(gw, SESSION, demo.events500);
    const other = await post(gw, SESSION_IDS, demo.events500);
    expect(again.body).toEqual(answers[0]!.body);
    expect(other.body.data?.streamSession).toEqual({ channelArn: demo.events500.channelArn, streamId: demo.events500.streamId });
    expect(gw.ivs.callCount()).toBe(0);
  });

  it('marks an ended session cacheable by CDNs for CACHE_ENDED_SESSION_TTL_SECONDS, public without credentials, varying by credentials', async () => {
    for (let i = 0; i < 2; i++) {
      const { cacheControl, vary } = await post(gw, SESSION_IDS, demo.fullest); // the second from the response cache
      expect(cacheControl).toMatch(/^max-age=(8639\d|86400), public$/);
      expect(vary?.toLowerCase().split(/, */)).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
    }
  });

  it('caches what can still change for CACHE_TTL_SECONDS at most (the latest session of a channel)', async () => {
    gw.ivs.resetCalls();
    const first = await post(gw, SESSION_IDS, { channelArn: demo.euLive.channelArn });
    const second = await post(gw, SESSION_IDS, { channelArn: demo.euLive.channelArn });
    expect(first.body.data?.streamSession).toEqual({ channelArn: demo.euLive.channelArn, streamId: demo.euLive.streamId });
    expect(second.body).toEqual(first.body);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(1);
    expect(Number(/^max-age=(\d+), public$/.exec(first.cacheControl ?? '')?.[1])).toBeLessThanOrEqual(5);
  });

  it('answers no-store for a response with errors, and private when credentials were used', async () => {
    const failed = await post(gw, SESSION_IDS, { channelArn: demo.neverLive.channelArn });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(failed.cacheControl).toBe('no-store');
    const credentialed = await post(gw, SESSION_IDS, demo.fullest, { 'x-api-key': KEYS.reader });
    expect(credentialed.body.errors).toBeUndefined();
    expect(credentialed.cacheControl).toMatch(/^max-age=\d+, private$/);
  });

  it('never replays a cached response to another principal: a key restricted to another account gets FORBIDDEN', async () => {
    // Anonymous callers may read any account here; the reader key only 123456789012.
    const lab = { channelArn: demo.bigNumbers.channelArn, streamId: demo.bigNumbers.streamId };
    const anonymous = await post(gw, SESSION_IDS, lab);
    expect(anonymous.body.data?.streamSession).toEqual({ channelArn: lab.channelArn, streamId: lab.streamId });
    gw.ivs.resetCalls();
    const reader = await post(gw, SESSION_IDS, lab, { 'x-api-key': KEYS.reader });
    expect(reader.body.data).toEqual({ streamSession: null });
    expect(reader.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(gw.ivs.callCount()).toBe(0);
  });

  it('serves srt.passphrase from cached data only to ingest:secrets, and never lets a cache keep it', async () => {
    await post(gw, SESSION, demo.fullest); // the session is now cached, passphrase included (in process only)
    const ops = await post(gw, PASSPHRASE, demo.fullest, { 'x-api-key': KEYS.ops });
    expect(ops.body.errors).toBeUndefined();
    expect(JSON.stringify(ops.body)).toContain(DEMO_SRT_PASSPHRASE);
    expect(ops.cacheControl).toBe('no-store');
    const again = await post(gw, PASSPHRASE, demo.fullest, { 'x-api-key': KEYS.ops });
    expect(again.cacheControl).toBe('no-store');
    for (const headers of [{}, { 'x-api-key': KEYS.reader }] as Array<Record<string, string>>) {
      const denied = await post(gw, PASSPHRASE, demo.fullest, headers);
      expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'ingest:secrets' });
      expect(JSON.stringify(denied.body)).not.toContain(DEMO_SRT_PASSPHRASE);
    }
  });

  it('does not count a cache hit against the IVS call budget', async () => {
    const budgeted = await startTestGateway({ CACHE_ENABLED: 'true', IVS_CALL_BUDGET: '1' });
    try {
      await budgeted.query(SESSION_IDS, demo.fullest);
      budgeted.ivs.resetCalls();
      const { body } = await budgeted.query(
        `query($a: ID!, $aId: ID, $b: ID!, $bId: ID) {
          a: streamSession(channelArn: $a, streamId: $aId) { streamId }
          b: streamSession(channelArn: $b, streamId: $bId) { streamId }
        }`,
        { a: demo.fullest.channelArn, aId: demo.fullest.streamId, b: demo.advancedHd.channelArn, bId: demo.advancedHd.streamId },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ a: { streamId: demo.fullest.streamId }, b: { streamId: demo.advancedHd.streamId } });
      expect(budgeted.ivs.callCount()).toBe(1);
    } finally {
      await budgeted.close();
    }
  });

  it('with CACHE_ENABLED=false, asks IVS every time and answers no-store', async () => {
    const uncached = await startTestGateway({ CACHE_ENABLED: 'false' });
    try {
      await post(uncached, SESSION_IDS, demo.fullest);
      const { cacheControl } = await post(uncached, SESSION_IDS, demo.fullest);
      expect(uncached.ivs.callCount('GetStreamSession')).toBe(2);
      expect(cacheControl).toBe('no-store');
    } finally {
      await uncached.close();
    }
  });
});

describe('response cache keys', () => {
  const principal = (scopes: string[], accounts: string[] | null, id = 'jwt:user-1') => ({
    id,
    kind: 'jwt',
    scopes: new Set(scopes),
    accounts: accounts && new Set(accounts),
  });

  it('gives principals the gateway authorizes differently different keys, whatever their strings contain', () => {
    const variants = [
      principal(['sessions:read'], ['a,b']),
      principal(['sessions:read'], ['a', 'b']),
      principal(['sessions:read'], ['*']),
      principal(['sessions:read'], null),
      principal(['sessions:read'], []),
      principal([], null),
      principal(['sessions:read,ingest:secrets'], null),
      principal(['sessions:read', 'ingest:secrets'], null),
      principal(['sessions:read'], null, 'jwt:user-1:sessions:read'),
      { ...principal(['sessions:read'], null, 'anonymous'), kind: 'api-key' },
    ];
    const keys = variants.map(principalCacheKey);
    expect(new Set(keys).size).toBe(variants.length);
    expect(keys).not.toContain('anonymous');
    expect(principalCacheKey({ ...principal(['sessions:read'], null, 'anonymous'), kind: 'anonymous' })).toBe('anonymous');
    // Sets: the order a claim listed them in does not matter.
    expect(principalCacheKey(principal(['b', 'a'], ['2', '1']))).toBe(principalCacheKey(principal(['a', 'b'], ['1', '2'])));
  });

  describe('two tokens of the same subject', () => {
    let issuer: TestIssuer;
    let gw: TestGateway;
    beforeAll(async () => {
      issuer = await createIssuer();
      gw = await startTestGateway(jwtEnv(issuer, { CACHE_ENABLED: 'true' }));
    });
    afterAll(() => gw.close());

    const bearer = async (claims: Record<string, unknown>) => ({
      authorization: `Bearer ${await issuer.sign({ sub: 'same-user', ...claims })}`,
    });
    const session = { channelArn: demo.advancedHd.channelArn, streamId: demo.advancedHd.streamId };

    it.each([
      ['every account ("*") then no account (claim absent)', { ivs_accounts: ['*'] }, {}],
      ['accounts [demo, other] then [other]', { ivs_accounts: [DEMO_ACCOUNT_ID, '999999999999'] }, { ivs_accounts: ['999999999999'] }],
      [
        'scopes ["sessions:read","x"] then ["sessions:read,x"]',
        { scope: ['sessions:read', 'x'], ivs_accounts: ['*'] },
        { scope: ['sessions:read,x'], ivs_accounts: ['*'] },
      ],
    ])("are not served each other's cached response: %s", async (_name, allowedClaims, deniedClaims) => {
      const allowed = await post(gw, SESSION_IDS, session, await bearer({ scope: 'sessions:read', ...allowedClaims }));
      expect(allowed.body).toEqual({ data: { streamSession: session } });
      expect(allowed.cacheControl).toMatch(/^max-age=\d+, private$/);
      const denied = await post(gw, SESSION_IDS, session, await bearer({ scope: 'sessions:read', ...deniedClaims }));
      expect(denied.body.data).toEqual({ streamSession: null });
      expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('requests', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({ CACHE_ENABLED: 'true', ALLOW_ANONYMOUS: 'true' });
    });
    afterAll(() => gw.close());

    it('keeps operationName "" apart from null and absent, which are the same request', async () => {
      const session = { channelArn: demo.basic.channelArn, streamId: demo.basic.streamId };
      const first = await post(gw, SESSION_IDS, session, {}, { operationName: null });
      expect(first.body.errors).toBeUndefined();
      gw.ivs.resetCalls();
      const absent = await post(gw, SESSION_IDS, session);
      expect(absent.body).toEqual(first.body);
      const empty = await post(gw, SESSION_IDS, session, {}, { operationName: '' });
      expect(empty.body.data).toBeUndefined();
      expect(empty.body.errors?.[0]?.message).toMatch(/Unknown operation named ""/);
      expect(gw.ivs.callCount()).toBe(0);
    });

    it('never replays a federation trace (ftv1) and never serves a stored response to a request for one', async () => {
      const trace = { 'apollo-federation-include-trace': 'ftv1' };
      const ftv1Of = (answer: Answer) => (answer.body as { extensions?: { ftv1?: unknown } }).extensions?.ftv1;
      const plainFirst = { channelArn: demo.unknownEnums.channelArn, streamId: demo.unknownEnums.streamId };
      expect(ftv1Of(await post(gw, SESSION_IDS, plainFirst))).toBeUndefined();
      const traced = await post(gw, SESSION_IDS, plainFirst, trace);
      expect(traced.body.data).toEqual({ streamSession: plainFirst });
      expect(typeof ftv1Of(traced)).toBe('string');

      const tracedFirst = { channelArn: demo.events500.channelArn, streamId: demo.events500.streamId };
      expect(typeof ftv1Of(await post(gw, SESSION_IDS, tracedFirst, trace))).toBe('string');
      const plain = await post(gw, SESSION_IDS, tracedFirst);
      expect(plain.body).toEqual({ data: { streamSession: tracedFirst } });
    });
  });
});
