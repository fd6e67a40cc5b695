import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, demoSession, DEMO_SRT_PASSPHRASE } from '../src/embedded-ivs/demo-data.js';
import { API_KEYS, KEYS } from './support/credentials.js';
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
async function post(gw: TestGateway, query: string, variables?: object, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gw.app.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    body: (await response.json()) as GraphQLResponse['body'],
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
      expect(body.data?.streamSession).toMatchObject({ streamId: expected.streamId, startTime: expected.startTime, endTime: expected.endTime });
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
