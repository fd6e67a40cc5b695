import { createClient as createWsClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo, demoFleet } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { createDemoData } from '../src/embedded-ivs/demo-data.js';
import { goLive, setLiveState } from '../src/embedded-ivs/timeline.js';
import { createIssuer, jwtEnv, KEYS, type TestIssuer } from './support/credentials.js';
import { startProcessReplica, type Replica } from './support/redis.js';

const STREAM_CHANGED = `subscription($arn: ID!) { streamChanged(channelArn: $arn) { channelArn stream { health } } }`;
const LIVE_STREAMS = 'subscription($region: String) { liveStreamsChanged(region: $region) { channelArn health } }';

/** A graphql-ws client that collects every message and error of its subscriptions, and its close event. */
function socketClient(url: string, connectionParams: Record<string, string>) {
  let closed: { code: number; reason: string } | undefined;
  const client: Client = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // Closes are what these tests look for; graphql-ws would print each one.
    onNonLazyError: () => {},
    on: { closed: (event) => (closed = event as { code: number; reason: string }) },
  });
  const subscribe = (query: string, variables: Record<string, unknown> = {}) => {
    const messages: unknown[] = [];
    const errors: unknown[] = [];
    let done = false;
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors.push(...(value.errors as unknown[]));
          if (value.data) messages.push(value.data);
        },
        error: (error) => {
          errors.push(...(Array.isArray(error) ? (error as unknown[]) : [error]));
          done = true;
        },
        complete: () => (done = true),
      },
    );
    return { messages, errors, done: () => done };
  };
  return { client, subscribe, closed: () => closed };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 25) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('abuse of the subscription transports, against the real server process (production settings)', () => {
  let ivs: EmbeddedIvs;
  let gateway: Replica & { kill(): void };
  let issuer: TestIssuer;
  beforeAll(async () => {
    ivs = await startEmbeddedIvs({ data: createDemoData() });
    issuer = await createIssuer();
    gateway = await startProcessReplica(ivs.url, {
      ...jwtEnv(issuer),
      NODE_ENV: 'production',
      SUBSCRIPTIONS_PER_CONNECTION: '2',
      SUBSCRIPTIONS_PER_PRINCIPAL: '3',
      LIVE_POLL_INTERVAL_MS: '200',
      LIVE_VIEWER_COUNT_THRESHOLD: '1',
      CACHE_ENABLED: 'false',
      LIMITER_ENABLED: 'false',
    });
  }, 40_000);
  afterAll(async () => {
    await gateway?.close();
    await ivs?.close();
  });

  const stillServing = async () => {
    const { status, body } = await gateway.query('{ __typename }', undefined, { 'x-api-key': KEYS.reader });
    expect({ status, body }).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  };

  it("answers an SSE request with a body over MAX_BODY_BYTES with the plain route's 413, and keeps serving", async () => {
    const plain = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.reader },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } }),
    });
    const sse = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': KEYS.reader },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5_000_000) } }),
    });
    expect(sse.status).toBe(413);
    expect(plain.status).toBe(413);
    expect(await sse.json()).toEqual(await plain.json());
    // A body graphql-sse would read itself (not JSON) is refused instead of being read without a limit.
    const text = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'text/event-stream', 'x-api-key': KEYS.reader },
      body: 'x'.repeat(1_000_000),
    });
    expect(text.status).toBe(415);
    await stillServing();
  });

  it('closes a WebSocket with 1009 when a frame before connection_init completes is over MAX_BODY_BYTES', async () => {
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    await stillServing();
  });

  it("closes a socket authenticated by a JWT at the token's exp (4401), and refuses the token afterwards", async () => {
    // Expired 3 s ago: still inside the 5 s clock tolerance HTTP allows too, so it is accepted for about 2 s.
    const token = await issuer.sign(
      { scope: 'sessions:read', ivs_accounts: ['123456789012'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 3 },
    );
    const socket = socketClient(gateway.url, { Authorization: `Bearer ${token}` });
    const sub = socket.subscribe(STREAM_CHANGED, { arn: demo.euLive.channelArn });
    await until(() => sub.messages.length >= 1, 'the first message');
    await until(() => socket.closed() !== undefined, 'the socket to close at exp');
    expect(socket.closed()).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired; reconnect with a fresh token/) });
    await socket.client.dispose();
    // A new connection, or a new operation over HTTP, with the same token is refused.
    const again = socketClient(gateway.url, { Authorization: `Bearer ${token}` });
    const refused = again.subscribe(STREAM_CHANGED, { arn: demo.euLive.channelArn });
    await until(() => again.closed() !== undefined, 'the second socket to be refused');
    expect(again.closed()!.code).toBe(4401);
    expect(refused.messages).toEqual([]);
    await again.client.dispose();
    expect((await gateway.query('{ __typename }', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("ends an SSE stream authenticated by a JWT at the token's exp", async () => {
    const token = await issuer.sign(
      { scope: 'sessions:read', ivs_accounts: ['123456789012'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 3 },
    );
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }),
    });
    expect(response.status).toBe(200);
    // The stream would run for as long as the subscription does; it ends because the token expired.
    let text = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array);
    } catch {
      // Cut off: what the client sees of a stream closed at exp.
    }
    expect(text).toContain('event: next');
    expect(text).not.toContain('event: complete');
  });

  it('gives back the slot of every operation refused at validation or at subscribe', async () => {
    const socket = socketClient(gateway.url, { 'x-api-key': KEYS.ops });
    for (let i = 0; i < 6; i++) {
      const invalid = socket.subscribe('subscription { streamChanged(channelArn: "x") { nope } }');
      const badInput = socket.subscribe(STREAM_CHANGED, { arn: 'not-an-arn' });
      await until(() => invalid.done() && badInput.done(), 'the refusals');
      expect(JSON.stringify(invalid.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(badInput.errors)).toContain('BAD_USER_INPUT');
    }
    // SUBSCRIPTIONS_PER_CONNECTION is 2: both slots are still free.
    const first = socket.subscribe(STREAM_CHANGED, { arn: demo.euLive.channelArn });
    const second = socket.subscribe(STREAM_CHANGED, { arn: demo.fullest.channelArn });
    await until(() => first.messages.length >= 1 && second.messages.length >= 1, 'both subscriptions to start');
    const third = socket.subscribe(STREAM_CHANGED, { arn: demo.basic.channelArn });
    await until(() => third.done(), 'the third to be refused');
    expect(JSON.stringify(third.errors)).toMatch(
      /LIMIT_EXCEEDED.*SUBSCRIPTIONS_PER_CONNECTION|SUBSCRIPTIONS_PER_CONNECTION.*LIMIT_EXCEEDED/,
    );
    await socket.client.dispose();
  });

  it('caps the subscriptions of one principal over all its connections (SUBSCRIPTIONS_PER_PRINCIPAL), leaving room for others', async () => {
    const a = socketClient(gateway.url, { 'x-api-key': KEYS.reader });
    const b = socketClient(gateway.url, { 'x-api-key': KEYS.reader });
    const other = socketClient(gateway.url, { 'x-api-key': KEYS.ops });
    try {
      const held = [
        a.subscribe(STREAM_CHANGED, { arn: demo.euLive.channelArn }),
        a.subscribe(STREAM_CHANGED, { arn: demo.fullest.channelArn }),
        b.subscribe(STREAM_CHANGED, { arn: demo.basic.channelArn }),
      ];
      await until(() => held.every((s) => s.messages.length >= 1), 'three subscriptions');
      const fourth = b.subscribe(STREAM_CHANGED, { arn: demo.advancedHd.channelArn });
      await until(() => fourth.done(), 'the fourth to be refused');
      expect(JSON.stringify(fourth.errors)).toContain('SUBSCRIPTIONS_PER_PRINCIPAL');
      const others = other.subscribe(STREAM_CHANGED, { arn: demo.advancedHd.channelArn });
      await until(() => others.messages.length >= 1, "another principal's subscription");
    } finally {
      await Promise.all([a.client.dispose(), b.client.dispose(), other.client.dispose()]);
    }
  });

  it("sends a restricted liveStreamsChanged subscriber nothing when only another account's streams change", async () => {
    const socket = socketClient(gateway.url, { 'x-api-key': KEYS.reader });
    try {
      const sets = socket.subscribe(LIVE_STREAMS, { region: 'ap-northeast-1' });
      await until(() => sets.messages.length >= 1, 'the current set');
      // The lab account's channel (210987654321) goes live and changes, again and again.
      goLive(ivs.data, demo.bigNumbers.channelArn, new Date(), { health: 'HEALTHY', viewerCount: 10 });
      for (const health of ['STARVING', 'HEALTHY', 'STARVING'] as const) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        setLiveState(ivs.data, demo.bigNumbers.channelArn, { health });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sets.messages).toHaveLength(1);
      // A change the subscriber may see is still sent.
      const visible = demoFleet.find(
        (f) => f.region === 'ap-northeast-1' && ivs.data.channels.find((c) => c.channel.arn === f.channelArn)!.live,
      )!;
      setLiveState(ivs.data, visible.channelArn, { health: 'UNKNOWN' });
      await until(() => sets.messages.length >= 2, 'the visible change');
      expect(JSON.stringify(sets.messages)).not.toContain(demo.bigNumbers.channelArn);
    } finally {
      await socket.client.dispose();
    }
  });
});
