import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { setLiveState } from '../src/embedded-ivs/timeline.js';
import { errorCodeLabel } from '../src/platform/metrics.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { redisUnavailable, startTestRedis, type TestRedis } from './support/redis.js';

const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId } }`;
const STREAM_CHANGED = `subscription($arn: ID!) { streamChanged(channelArn: $arn) { channelArn changes stream { health } } }`;
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every sample of a metric in the Prometheus text: its labels and value. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const found: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    found.push({ labels, value: Number(line.split(' ').at(-1)) });
  }
  return found;
}

/** The value of the sample whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  return samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A subscription's data messages; `until(n)` resolves once n have arrived. */
function collector() {
  const messages: unknown[] = [];
  return {
    messages,
    sink: {
      next: (value: { data?: unknown }) => void (value.data && messages.push(value.data)),
      error: () => undefined,
      complete: () => undefined,
    },
    until: (count: number) => until(() => messages.length >= count, `${count} subscription messages`),
  };
}

const withRedis = redisUnavailable() === null;

describe('the observability series after a mixed run', () => {
  let gw: TestGateway;
  let redis: TestRedis | undefined;
  let scrape: () => Promise<string>;
  beforeAll(async () => {
    if (!withRedis) console.warn(`ivs_gateway_redis_up not checked: ${redisUnavailable()}`);
    redis = withRedis ? await startTestRedis() : undefined;
    gw = await startTestGateway({
      CACHE_ENABLED: 'true',
      LIVE_POLL_INTERVAL_MS: '200',
      LIVE_VIEWER_COUNT_THRESHOLD: '50',
      ...(redis && { REDIS_URL: redis.url }),
    });
    const metricsUrl = gw.app.graphqlUrl.replace(/\/graphql$/, '/metrics');
    scrape = async () => (await fetch(metricsUrl)).text();
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.stop();
  });

  it('reports build info, errors by code, subscriptions and their messages by transport, cache tiers and Redis', async () => {
    // Queries: a miss then a response-cache hit, and errors of several codes on HTTP.
    expect((await gw.query(SESSION, demo.fullest)).status).toBe(200);
    expect((await gw.query(SESSION, demo.fullest)).status).toBe(200);
    await gw.query(SESSION, { channelArn: demo.neverLive.channelArn }); // NOT_FOUND
    await gw.query(SESSION, { channelArn: 'not-an-arn' }); // BAD_USER_INPUT
    await gw.query('{ streamSession('); // GRAPHQL_PARSE_FAILED
    await gw.query('{ noSuchField }'); // GRAPHQL_VALIDATION_FAILED
    const unauthenticated = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'not-a-key' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(unauthenticated.status).toBe(401); // UNAUTHENTICATED, answered before GraphQL

    // One subscription on each transport, both receiving messages.
    const ws = createWsClient({ url: gw.app.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const sse = createSseClient({ url: gw.app.graphqlUrl, retryAttempts: 0 });
    const wsMessages = collector();
    const sseMessages = collector();
    const stopWs = ws.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, wsMessages.sink);
    const stopSse = sse.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, sseMessages.sink);
    // A WebSocket operation refused by validation: its error is counted too.
    const wsRefused = new Promise<unknown>((resolve) => {
      ws.subscribe({ query: 'subscription { noSuchField }' }, { next: resolve, error: resolve, complete: () => undefined });
    });
    await Promise.all([wsMessages.until(1), sseMessages.until(1)]);
    await wsRefused;
    setLiveState(gw.ivs.data, demo.euLive.channelArn, { health: 'STARVING' });
    await Promise.all([wsMessages.until(2), sseMessages.until(2)]);

    let text = await scrape();
    expect(samples(text, 'ivs_gateway_build_info')).toEqual([{ labels: { version: VERSION, node: process.versions.node }, value: 1 }]);
    expect(sample(text, 'ivs_gateway_subscriptions_active', { transport: 'graphql-ws' })).toBe(1);
    expect(sample(text, 'ivs_gateway_subscriptions_active', { transport: 'graphql-sse' })).toBe(1);
    expect(sample(text, 'ivs_gateway_subscription_messages_total', { transport: 'graphql-ws' })).toBe(wsMessages.messages.length);
    expect(sample(text, 'ivs_gateway_subscription_messages_total', { transport: 'graphql-sse' })).toBe(sseMessages.messages.length);
    expect(wsMessages.messages.length).toBeGreaterThanOrEqual(2);
    for (const code of ['NOT_FOUND', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'UNAUTHENTICATED'])
      expect(sample(text, 'ivs_gateway_graphql_errors_total', { code }), code).toBe(1);
    // One over HTTP, one over the WebSocket.
    expect(sample(text, 'ivs_gateway_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(2);
    // Every code label is a known one.
    for (const { labels } of samples(text, 'ivs_gateway_graphql_errors_total')) expect(errorCodeLabel(labels.code)).toBe(labels.code);

    // Every tier reports hits and misses (the shared in-flight tier: misses lead a lookup).
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'response', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'response', result: 'hit' })).toBe(1);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'memory', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'inflight', result: 'miss' })).toBeGreaterThanOrEqual(1);

    stopWs();
    stopSse();
    await ws.dispose();
    sse.dispose();
    await until(async () => {
      const now = await scrape();
      return (
        sample(now, 'ivs_gateway_subscriptions_active', { transport: 'graphql-ws' }) === 0 &&
        sample(now, 'ivs_gateway_subscriptions_active', { transport: 'graphql-sse' }) === 0
      );
    }, 'the subscriptions to end');

    if (!redis) {
      expect(samples(text, 'ivs_gateway_redis_up')).toEqual([]);
      return;
    }
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'redis', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ivs_gateway_redis_up', { use: 'quota' })).toBe(1);
    expect(sample(text, 'ivs_gateway_redis_up', { use: 'cache' })).toBe(1);
    await redis.stop();
    // A lookup that reaches Redis notices the outage of the cache connection; the client's error event, of the quota one.
    await gw.query(SESSION, demo.advancedHd);
    await until(async () => {
      text = await scrape();
      return sample(text, 'ivs_gateway_redis_up', { use: 'quota' }) === 0 && sample(text, 'ivs_gateway_redis_up', { use: 'cache' }) === 0;
    }, 'ivs_gateway_redis_up to fall to 0');
  });

  it('labels unknown error codes other, never the sender string', () => {
    expect(errorCodeLabel('THROTTLED')).toBe('THROTTLED');
    expect(errorCodeLabel('PERSISTED_QUERY_NOT_FOUND')).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(errorCodeLabel('DROP TABLE')).toBe('other');
    expect(errorCodeLabel(42)).toBe('other');
    expect(errorCodeLabel(undefined)).toBe('INTERNAL_SERVER_ERROR');
  });
});
