import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId } }`;

/** The value of one sample line of the Prometheus text, e.g. `name{a="b"} 3`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const found = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.split(' ').at(-1));
  }
  return 0;
}

describe('GET /metrics (Prometheus)', () => {
  let gw: TestGateway;
  let metricsUrl: string;
  beforeAll(async () => {
    gw = await startTestGateway({ CACHE_ENABLED: 'true', IVS_MAX_ATTEMPTS: '2' });
    metricsUrl = gw.app.graphqlUrl.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => gw.close());

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('counts requests by operation, IVS calls by operation, region and outcome, and cache hits and misses', async () => {
    await gw.query(SESSION, demo.fullest); // miss: one IVS call
    await gw.query(SESSION, demo.fullest); // the same request: response cache hit
    await gw.query(
      `query Other($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { endTime } }`,
      demo.fullest,
    ); // data cache hit
    const text = await scrape();
    expect(sample(text, 'ivs_gateway_ivs_calls_total', { operation: 'GetStreamSession', region: 'us-west-2', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'response', result: 'hit' })).toBe(1);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'response', result: 'miss' })).toBe(2);
    expect(sample(text, 'ivs_gateway_cache_total', { cache: 'memory', result: 'hit' })).toBe(1);
    expect(sample(text, 'ivs_gateway_request_duration_seconds_count', { operation: 'Other', response_cache: 'miss' })).toBe(1);
    expect(sample(text, 'ivs_gateway_request_duration_seconds_count', { operation: 'anonymous', response_cache: 'hit' })).toBe(1);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('counts IVS errors by code and every throttling answer IVS sent (the SDK retried once)', async () => {
    await gw.query(SESSION, { channelArn: demo.throttled.channelArn });
    await gw.query(SESSION, { channelArn: demo.neverLive.channelArn });
    const text = await scrape();
    expect(sample(text, 'ivs_gateway_ivs_calls_total', { operation: 'GetStreamSession', outcome: 'THROTTLED' })).toBe(1);
    expect(sample(text, 'ivs_gateway_ivs_calls_total', { operation: 'GetStreamSession', outcome: 'NOT_FOUND' })).toBe(1);
    expect(sample(text, 'ivs_gateway_ivs_throttles_total', { operation: 'GetStreamSession', region: 'us-west-2' })).toBe(2);
  });

  it('counts quota refusals', async () => {
    const limited = await startTestGateway({ LIMITER_ENABLED: 'true', LIMITER_MAX_WAIT_MS: '0', LIMITER_RATES: 'GetStream=1' });
    try {
      const { body } = await limited.query(
        `{ a: channel(arn: "${demo.busy.channelArn}") { stream { state } } b: channel(arn: "${demo.fullest.channelArn}") { stream { state } } c: channel(arn: "${demo.basic.channelArn}") { stream { state } } }`,
      );
      const throttled = (body.errors ?? []).filter((e) => e.extensions?.code === 'THROTTLED');
      expect(throttled.length).toBeGreaterThanOrEqual(2);
      const text = await (await fetch(limited.app.graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
      expect(
        sample(text, 'ivs_gateway_limiter_total', { operation: 'GetStream', region: 'us-west-2', result: 'refused' }),
        JSON.stringify(throttled),
      ).toBe(throttled.length);
    } finally {
      await limited.close();
    }
  });
});
