import { connect, type Socket } from 'node:net';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { LOGGED_STRING_MAX_CHARS } from '../src/platform/log-strings.js';
import { OPERATION_LABELS_PER_PRINCIPAL } from '../src/platform/metrics.js';
import { API_KEYS, KEYS } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const FAKE_REGION = 'xx-fake-9';
const fakeArn = (region = FAKE_REGION) => `arn:aws:ivs:${region}:123456789012:channel/abcdEFGH1234`;

const baseUrl = (gw: TestGateway) => gw.app.graphqlUrl.replace(/\/graphql$/, '');

/** The gateway's own series (default Node.js metrics come and go with GC kinds), label sets included. */
async function gatewaySeries(gw: TestGateway): Promise<string[]> {
  const text = await (await fetch(`${baseUrl(gw)}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('ivs_gateway_'))
    .map((line) => line.slice(0, line.lastIndexOf(' ')));
}

/** Subscribes over graphql-ws; resolves with the first error (or first message) the subscription gets. */
async function firstSubscriptionResult(
  gw: TestGateway,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ errors?: unknown; data?: unknown }> {
  const client = createClient({ url: gw.app.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  try {
    return await new Promise((resolve, reject) => {
      client.subscribe(
        { query, variables },
        {
          next: (value) => resolve(value as { errors?: unknown; data?: unknown }),
          error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error as Error)),
          complete: () => resolve({}),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe('a region outside IVS_ALLOWED_REGIONS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  const refusedRegion = expect.objectContaining({
    code: 'BAD_USER_INPUT',
    allowedRegions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-south-1'],
  });

  it.each([
    ['channel(arn)', `query($arn: ID!) { channel(arn: $arn) { name } }`, { arn: fakeArn() }],
    ['streamSession(channelArn)', `query($arn: ID!) { streamSession(channelArn: $arn) { streamId } }`, { arn: fakeArn() }],
    [
      'a ListChannels ARN filter',
      `query($arn: ID) { channels(filterByRecordingConfigurationArn: $arn) { nodes { arn } } }`,
      { arn: `arn:aws:ivs:${FAKE_REGION}:123456789012:recording-configuration/abcdEFGH1234` },
    ],
    [
      'a federation reference',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { name } } }`,
      { r: [{ __typename: 'Channel', arn: fakeArn() }] },
    ],
  ])('refuses %s with BAD_USER_INPUT listing the allowed regions, without calling IVS', async (_name, query, variables) => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(query, variables);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: refusedRegion })]);
    expect(body.errors![0]!.message).toContain(`"${FAKE_REGION}"`);
    expect(body.errors![0]!.message).toContain('us-east-1, us-west-2');
    expect(gw.ivs.calls).toHaveLength(0);
  });

  it('writes no metric label for any of 100 made-up regions', async () => {
    const query = `query Fake($arn: ID!) { streamSession(channelArn: $arn) { streamId } }`;
    await gw.query(query, { arn: fakeArn() });
    const before = await gatewaySeries(gw);
    gw.ivs.resetCalls();
    for (let i = 0; i < 100; i++) await gw.query(query, { arn: fakeArn(`xx-made-up${i}-${i % 10}`) });
    const after = await gatewaySeries(gw);
    expect(gw.ivs.calls).toHaveLength(0);
    expect(after).toEqual(before);
    expect(after.join('\n')).not.toMatch(/xx-/);
  });

  it('refuses streamChanged and liveStreamsChanged before any poller starts', async () => {
    gw.ivs.resetCalls();
    const byArn = await firstSubscriptionResult(gw, `subscription($arn: ID!) { streamChanged(channelArn: $arn) { channelArn } }`, {
      arn: fakeArn(),
    });
    const byRegion = await firstSubscriptionResult(gw, `subscription { liveStreamsChanged(region: "${FAKE_REGION}") { channelArn } }`);
    expect(byArn.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'channelArn' }) }),
    ]);
    expect(byRegion.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'region' }) }),
    ]);
    expect(gw.ivs.calls).toHaveLength(0);
    expect((await gatewaySeries(gw)).join('\n')).not.toContain(FAKE_REGION);
  });
});

describe('IVS_ALLOWED_REGIONS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ IVS_ALLOWED_REGIONS: 'us-west-2,ca-central-1', IVS_REGIONS: 'us-west-2' });
  });
  afterAll(() => gw.close());

  const SESSION = `query($arn: ID!) { streamSession(channelArn: $arn) { streamId } }`;

  it('replaces the built-in table: a listed region is called, a default one left out is refused', async () => {
    gw.ivs.resetCalls();
    const served = await gw.query(SESSION, { arn: demo.fullest.channelArn });
    expect(served.body.errors).toBeUndefined();
    const euLeftOut = await gw.query(SESSION, { arn: demo.euLive.channelArn });
    expect(euLeftOut.body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', allowedRegions: ['us-west-2', 'ca-central-1'] }),
      }),
    ]);
    // Not in the built-in table, but allowed here: it goes to IVS (which knows no such channel).
    const added = await gw.query(SESSION, { arn: fakeArn('ca-central-1') });
    expect(added.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    expect(gw.ivs.calls.map((call) => call.region)).toEqual(['us-west-2', 'ca-central-1']);
  });
});

describe('client-supplied strings in logs and metric labels', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ LOG_LEVEL: 'info', API_KEYS });
  });
  afterAll(() => gw.close());

  const post = (body: object, headers: Record<string, string> = {}) =>
    fetch(gw.app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('logs a 48 KB operation name (one token) cut to a bound, with its length', async () => {
    const name = `Q${'A'.repeat(48 * 1024)}`;
    const response = await post({ query: `query ${name} { __typename }`, operationName: name });
    expect(response.status).toBe(200);
    const index = gw.logs.findIndex(
      (line) => line.msg === 'request' && typeof line.operationName === 'string' && line.operationName.startsWith('QAAA'),
    );
    expect(index).toBeGreaterThanOrEqual(0);
    expect(gw.logs[index]!.operationName).toBe(`${name.slice(0, LOGGED_STRING_MAX_CHARS)}…[${name.length} chars]`);
    expect(gw.rawLog[index]!.length).toBeLessThan(1024);
  });

  it('logs a long path cut to the same bound', async () => {
    const path = `/${'p'.repeat(8 * 1024)}`;
    expect((await fetch(`${baseUrl(gw)}${path}`)).status).toBe(404);
    const line = gw.rawLog.find((raw) => raw.includes('"path":"/ppp'));
    expect(line!.length).toBeLessThan(1024);
  });

  it('gives each principal a bounded share of the operation-name labels', async () => {
    const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    const scrape = async () => (await fetch(`${baseUrl(gw)}/metrics`)).text();
    const others = (text: string) =>
      [...text.matchAll(/^ivs_gateway_request_duration_seconds_count\{operation="other",[^}]*\} (\d+)$/gm)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    const othersBefore = others(await scrape());
    for (const name of names('Greedy', 30)) await post({ query: `query ${name} { __typename }` }, { 'x-api-key': KEYS.ops });
    for (const name of names('Modest', 3)) await post({ query: `query ${name} { __typename }` }, { 'x-api-key': KEYS.reader });
    const text = await scrape();
    const labelled = (name: string) => text.includes(`ivs_gateway_request_duration_seconds_count{operation="${name}"`);
    expect(names('Greedy', 30).filter(labelled)).toEqual(names('Greedy', OPERATION_LABELS_PER_PRINCIPAL));
    expect(others(text) - othersBefore).toBe(30 - OPERATION_LABELS_PER_PRINCIPAL);
    expect(names('Modest', 3).every(labelled)).toBe(true);
  });
});

/** A raw TCP connection to the gateway: what it received, and whether the server has closed it. */
async function rawConnection(gw: TestGateway): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(gw.app.graphqlUrl);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => received, closed };
}

/** Sends GET /healthz on a kept-alive connection; resolves with the status line of its answer. */
async function healthOver(connection: Awaited<ReturnType<typeof rawConnection>>): Promise<string> {
  const before = connection.received().length;
  connection.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
  await expect.poll(() => connection.received().slice(before), { timeout: 5000 }).toMatch(/\r\n\r\n/);
  return connection.received().slice(before).split('\r\n')[0]!;
}

describe('connections', () => {
  it('cuts a client that withholds its body at about REQUEST_TIMEOUT_MS, not at the next 30 s check', async () => {
    const gw = await startTestGateway({ REQUEST_TIMEOUT_MS: '1000' });
    try {
      const connection = await rawConnection(gw);
      const started = performance.now();
      connection.socket.write(
        'POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query"',
      );
      // A trickle that never completes the body.
      const trickle = setInterval(() => connection.socket.write(' '), 200);
      await Promise.race([connection.closed, expect.poll(() => connection.received(), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 408/)]);
      clearInterval(trickle);
      expect(performance.now() - started).toBeLessThan(5000);
      connection.socket.destroy();
    } finally {
      await gw.close();
    }
  });

  it('closes connections beyond MAX_CONNECTIONS and keeps serving the others', async () => {
    const gw = await startTestGateway({ MAX_CONNECTIONS: '2' });
    try {
      const first = await rawConnection(gw);
      const second = await rawConnection(gw);
      // Answered: the server has accepted both.
      expect(await healthOver(first)).toBe('HTTP/1.1 200 OK');
      expect(await healthOver(second)).toBe('HTTP/1.1 200 OK');
      const third = await rawConnection(gw);
      third.socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
      await third.closed;
      expect(third.received()).toBe('');
      expect(await healthOver(first)).toBe('HTTP/1.1 200 OK');
      expect(await healthOver(second)).toBe('HTTP/1.1 200 OK');
      for (const connection of [first, second]) connection.socket.destroy();
    } finally {
      await gw.close();
    }
  });
});
