import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo, demoFleet } from '../src/embedded-ivs/demo-data.js';
import { goLive, goOffline, setLiveState } from '../src/embedded-ivs/timeline.js';
import { API_KEYS, KEYS } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const STREAM_CHANGED = `subscription($arn: ID!) { streamChanged(channelArn: $arn) { channelArn changes stream { streamId health viewerCount } } }`;

interface Update {
  channelArn: string;
  changes: string[];
  stream: { streamId: string; health: string; viewerCount: number } | null;
}

/** Collects a subscription's messages; `next(n)` resolves once n have arrived. */
function collector<T>() {
  const messages: T[] = [];
  const errors: unknown[] = [];
  let waiter: { count: number; resolve: () => void } | null = null;
  const check = () => {
    if (waiter && messages.length >= waiter.count) {
      waiter.resolve();
      waiter = null;
    }
  };
  return {
    messages,
    errors,
    sink: {
      next: (value: { data?: Record<string, unknown> | null; errors?: unknown }) => {
        if (value.errors) errors.push(...(value.errors as unknown[]));
        if (value.data) messages.push(Object.values(value.data)[0] as T);
        check();
      },
      error: (error: unknown) => errors.push(error),
      complete: () => undefined,
    },
    until: (count: number) =>
      new Promise<void>((resolve, reject) => {
        waiter = { count, resolve };
        check();
        setTimeout(
          () =>
            reject(
              new Error(`waited for ${count} messages, got ${messages.length}: ${JSON.stringify(messages)} ${JSON.stringify(errors)}`),
            ),
          10_000,
        ).unref();
      }),
  };
}

const wsUrl = (gw: TestGateway) => gw.app.graphqlUrl.replace(/^http/, 'ws');

function wsClient(gw: TestGateway, connectionParams: Record<string, string> = {}): Client {
  return createWsClient({ url: wsUrl(gw), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
}

describe('subscriptions over WebSocket and Server-Sent Events', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ LIVE_POLL_INTERVAL_MS: '200', LIVE_VIEWER_COUNT_THRESHOLD: '50' });
  });
  afterAll(() => gw.close());

  it('sends the current state, then each change in order (graphql-ws)', async () => {
    const client = wsClient(gw);
    const updates = collector<Update>();
    const unsubscribe = client.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, updates.sink);
    await updates.until(1);
    setLiveState(gw.ivs.data, demo.euLive.channelArn, { viewerCount: 12_847 + 20 }); // below the threshold: no message
    await new Promise((r) => setTimeout(r, 500));
    setLiveState(gw.ivs.data, demo.euLive.channelArn, { health: 'STARVING' });
    await updates.until(2);
    goOffline(gw.ivs.data, demo.euLive.channelArn, new Date());
    await updates.until(3);
    const newStream = goLive(gw.ivs.data, demo.euLive.channelArn, new Date(), { health: 'HEALTHY', viewerCount: 3 });
    await updates.until(4);
    unsubscribe();
    await client.dispose();
    expect(updates.errors).toEqual([]);
    expect(updates.messages.map((m) => [m.changes, m.stream?.streamId ?? null, m.stream?.health ?? null])).toEqual([
      [['CURRENT'], demo.euLive.streamId, 'HEALTHY'],
      [['HEALTH_CHANGED'], demo.euLive.streamId, 'STARVING'],
      [['WENT_OFFLINE'], null, null],
      [['WENT_LIVE'], newStream, 'HEALTHY'],
    ]);
  });

  it('refuses a mutation (the API is read-only) with 400 BAD_REQUEST', async () => {
    const { status, body } = await gw.query('mutation { __typename }');
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/read-only/) });
  });

  it('refuses a subscription sent over plain HTTP with 400 BAD_REQUEST saying where subscriptions are served', async () => {
    const { status, body } = await gw.query(STREAM_CHANGED, { arn: demo.euLive.channelArn });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(body.errors?.[0]?.message).toMatch(/WebSocket .* Server-Sent Events .*text\/event-stream/);
  });

  it('refuses subscriptions past the per-connection cap with LIMIT_EXCEEDED', async () => {
    const capped = await startTestGateway({ SUBSCRIPTIONS_PER_CONNECTION: '2' });
    const client = wsClient(capped);
    try {
      const subs = [collector<Update>(), collector<Update>(), collector<Update>()];
      subs.forEach((s) => client.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, s.sink));
      await subs[0]!.until(1);
      await subs[1]!.until(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(subs[2]!.messages).toEqual([]);
      expect(JSON.stringify(subs[2]!.errors)).toContain('LIMIT_EXCEEDED');
    } finally {
      await client.dispose();
      await capped.close();
    }
  });

  it('sends the filtered set of live streams whole, again on change (graphql-sse)', async () => {
    const client = createSseClient({ url: gw.app.graphqlUrl, retryAttempts: 0 });
    const sets = collector<Array<{ channelArn: string }>>();
    const fleet = demoFleet.find(
      (f) => f.region === 'ap-northeast-1' && !gw.ivs.data.channels.find((c) => c.channel.arn === f.channelArn)!.live,
    )!;
    const unsubscribe = client.subscribe(
      { query: `subscription { liveStreamsChanged(region: "ap-northeast-1", health: HEALTHY) { channelArn health } }` },
      sets.sink,
    );
    await sets.until(1);
    goLive(gw.ivs.data, fleet.channelArn, new Date(), { health: 'HEALTHY', viewerCount: 1 });
    await sets.until(2);
    unsubscribe();
    client.dispose();
    expect(sets.errors).toEqual([]);
    const [before, after] = sets.messages;
    const healthy = gw.ivs.data.channels
      .filter((c) => c.channel.arn.includes(':ap-northeast-1:') && c.live?.health === 'HEALTHY')
      .map((c) => c.channel.arn)
      .sort();
    expect(after!.map((s) => s.channelArn)).toEqual(healthy);
    expect(before!.map((s) => s.channelArn)).toEqual(healthy.filter((arn) => arn !== fleet.channelArn));
  });
});

describe('one poller per region, however many subscribers', () => {
  it('serves 1,000 subscribers with the ListStreams calls of one', async () => {
    // A long interval: the only poll is the one the first subscriber starts.
    const gw = await startTestGateway({ LIVE_POLL_INTERVAL_MS: '60000', SUBSCRIPTIONS_PER_CONNECTION: '200' });
    const clients = Array.from({ length: 10 }, () => wsClient(gw));
    try {
      const first = collector<Update>();
      clients[0]!.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, first.sink);
      await first.until(1);
      const callsForOne = gw.ivs.callCount('ListStreams', (c) => c.region === 'eu-west-1');
      const all = Array.from({ length: 999 }, (_, i) => {
        const c = collector<Update>();
        clients[i % clients.length]!.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, c.sink);
        return c;
      });
      await Promise.all(all.map((c) => c.until(1)));
      expect(all.every((c) => c.messages[0]!.changes[0] === 'CURRENT')).toBe(true);
      expect(callsForOne).toBeGreaterThan(0);
      expect(gw.ivs.callCount('ListStreams', (c) => c.region === 'eu-west-1')).toBe(callsForOne);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await gw.close();
    }
  });
});

describe('shutdown', () => {
  it("closes subscribers' sockets with 1001 and stops the pollers", async () => {
    const gw = await startTestGateway({ LIVE_POLL_INTERVAL_MS: '200' });
    const socket = new WebSocket(wsUrl(gw), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const first = new Promise<void>((resolve) => socket.on('message', (data) => String(data).includes('"next"') && resolve()));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      if (String(data).includes('connection_ack'))
        socket.send(
          JSON.stringify({ id: '1', type: 'subscribe', payload: { query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } } }),
        );
    });
    await first;
    await gw.app.close();
    expect(await closed).toEqual({ code: 1001, reason: expect.stringMatching(/shutting down/) });
    const polls = gw.ivs.callCount('ListStreams');
    await new Promise((r) => setTimeout(r, 600));
    expect(gw.ivs.callCount('ListStreams')).toBe(polls);
    await gw.ivs.close();
  });
});

describe('who may subscribe', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ ALLOW_ANONYMOUS: 'false', API_KEYS, LIVE_POLL_INTERVAL_MS: '200' });
  });
  afterAll(() => gw.close());

  it('closes a WebSocket without credentials with 4401 UNAUTHENTICATED', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(wsUrl(gw), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/^UNAUTHENTICATED: Authentication required/);
  });

  it('answers an SSE subscription without credentials with 401 UNAUTHENTICATED', async () => {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses a key without sessions:read, and another account, with FORBIDDEN at subscribe time', async () => {
    const noScopes = wsClient(gw, { 'x-api-key': KEYS.noScopes });
    const reader = wsClient(gw, { authorization: `ApiKey ${KEYS.reader}` });
    try {
      const denied = collector<Update>();
      noScopes.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, denied.sink);
      const otherAccount = collector<Update>();
      reader.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.bigNumbers.channelArn } }, otherAccount.sink);
      const allowed = collector<Update>();
      reader.subscribe({ query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } }, allowed.sink);
      await allowed.until(1);
      await new Promise((r) => setTimeout(r, 200));
      for (const refused of [denied, otherAccount]) {
        expect(refused.messages).toEqual([]);
        expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      }
    } finally {
      await noScopes.dispose();
      await reader.dispose();
    }
  });
});
