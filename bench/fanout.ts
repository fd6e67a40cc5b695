/**
 * Subscriber fan-out (`npm run bench`, after the request table; alone: `npm run bench:fanout`): one
 * gateway process (built, production settings) fed by an embedded IVS in this process whose demo
 * stream changes every poll. It measures (1) the gateway's RSS per idle subscriber, from N idle
 * WebSocket subscriptions, and (2) messages per second delivered to N subscribers of a channel
 * whose viewer count changes on every poll.
 *
 * Environment: FANOUT_SUBSCRIBERS (default 2000), FANOUT_SECONDS (default 5).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs } from '../src/embedded-ivs/server.js';
import { setLiveState } from '../src/embedded-ivs/timeline.js';
import { rssMb, startGateway } from './processes.js';

const SUBSCRIBERS = Number(process.env.FANOUT_SUBSCRIBERS ?? 2000);
const SECONDS = Number(process.env.FANOUT_SECONDS ?? 5);
const PER_CONNECTION = 200;
const POLL_MS = 250;
const CHANNEL = demo.euLive.channelArn;
const SUBSCRIPTION = `subscription { streamChanged(channelArn: "${CHANNEL}") { changes stream { viewerCount } } }`;

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ivs = await startEmbeddedIvs();
const gateway = await startGateway({
  IVS_ENDPOINT: ivs.url,
  LIVE_POLL_INTERVAL_MS: String(POLL_MS),
  LIVE_VIEWER_COUNT_THRESHOLD: '1',
  SUBSCRIPTIONS_PER_CONNECTION: String(PER_CONNECTION),
  MAX_SUBSCRIPTIONS: String(SUBSCRIBERS * 2),
});
const pid = gateway.child.pid!;
const clients: Client[] = [];
let delivered = 0;
try {
  await settle(500);
  const rssBefore = rssMb(pid);
  for (let i = 0; i < Math.ceil(SUBSCRIBERS / PER_CONNECTION); i++) {
    clients.push(
      createClient({
        url: gateway.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
      }),
    );
  }
  const firstMessages = Array.from(
    { length: SUBSCRIBERS },
    (_, i) =>
      new Promise<void>((resolve) => {
        clients[i % clients.length]!.subscribe(
          { query: SUBSCRIPTION },
          {
            next: () => {
              delivered++;
              resolve();
            },
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      }),
  );
  await Promise.all(firstMessages);
  await settle(1000);
  const rssIdle = rssMb(pid);

  // Every poll sees a new viewer count: one message per subscriber per poll.
  const countBefore = delivered;
  const started = performance.now();
  let viewers = 10_000;
  const changer = setInterval(() => setLiveState(ivs.data, CHANNEL, { viewerCount: (viewers += 100) }), POLL_MS / 2);
  await settle(SECONDS * 1000);
  clearInterval(changer);
  const messages = delivered - countBefore;
  const seconds = (performance.now() - started) / 1000;

  const perSubscriberKb = ((rssIdle - rssBefore) * 1024) / SUBSCRIBERS;
  console.log('\nSubscriber fan-out (one gateway process; subscribers over graphql-ws, %d per connection)\n', PER_CONNECTION);
  console.log(
    '| subscribers | poll interval | messages/s delivered | per subscriber per s | gateway RSS idle | RSS per idle subscriber | ListStreams calls/s |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const listCalls = ivs.callCount('ListStreams', (c) => c.region === 'eu-west-1' && c.at >= Date.now() - SECONDS * 1000);
  console.log(
    `| ${SUBSCRIBERS} | ${POLL_MS} ms | ${(messages / seconds).toFixed(0)} | ${(messages / seconds / SUBSCRIBERS).toFixed(2)} | ${rssIdle.toFixed(0)} MB | ${perSubscriberKb.toFixed(1)} KB | ${(listCalls / SECONDS).toFixed(1)} |`,
  );
} finally {
  await Promise.all(clients.map((c) => c.dispose()));
  gateway.child.kill('SIGTERM');
  await ivs.close();
}
