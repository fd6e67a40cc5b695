import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demo, DEMO_ACCOUNT_ID } from '../src/embedded-ivs/demo-data.js';
import { buildSchema } from '../src/graphql/schema.js';
import { tracesConfigured } from '../src/platform/telemetry.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

/**
 * Traces (docs/observability.md): the SDK's own in-memory exporter behind the global API, as NodeSDK
 * would register it, and the real server in-process. One trace from the router's traceparent through
 * the HTTP span and the GraphQL operation to the cache and the IVS call.
 */

const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId startTime } }`;
const variables = { channelArn: demo.fullest.channelArn, streamId: demo.fullest.streamId };

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const newTraceparent = () => {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
};

/** The spans of one trace, once its server span has ended (it ends when the response is finished, after the client may have read it). */
async function traceOf(traceId: string, until: (spans: ReadableSpan[]) => boolean = hasServerSpan): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100; i++) {
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    if (until(spans)) return spans;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`trace ${traceId} did not finish: ${exporter.getFinishedSpans().map((s) => s.name)}`);
}
const hasServerSpan = (spans: ReadableSpan[]) => spans.some((s) => s.kind === SpanKind.SERVER);
const one = (spans: ReadableSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(
    found.map((s) => s.name),
    `one ${name} span among ${spans.map((s) => s.name).join(', ')}`,
  ).toEqual([name]);
  return found[0]!;
};
const childOf = (child: ReadableSpan, parent: ReadableSpan) => expect(child.parentSpanId).toBe(parent.spanContext().spanId);

/** The span tree as text, children indented under their parent, with the attributes the docs show. */
function renderTree(spans: ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    const attributes = Object.entries(span.attributes)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
      .join(' ');
    lines.push(`${'  '.repeat(depth)}${span.name} [${SpanKind[span.kind]}] ${attributes}`);
    for (const child of spans.filter((s) => s.parentSpanId === span.spanContext().spanId).sort(byStart)) walk(child, depth + 1);
  };
  for (const root of spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId)).sort(byStart)) walk(root, 0);
  return lines.join('\n');
}
const byStart = (a: ReadableSpan, b: ReadableSpan) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('tracing is off without an exporter', () => {
  it('reads the standard variables', () => {
    expect(tracesConfigured({})).toBe(false);
    expect(tracesConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracesConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracesConfigured({ OTEL_TRACES_EXPORTER: '' })).toBe(false);
    expect(tracesConfigured({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });
});

describe('traces', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // The data cache on, the whole-response cache off: a repeated request reaches GraphQL and the data cache.
    gw = await startTestGateway({ CACHE_ENABLED: 'true', RESPONSE_CACHE_MAX_BYTES: '0', LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => exporter.reset());

  it("continues the router's trace from the HTTP span through the operation to the IVS call", async () => {
    const { traceId, parentId, header } = newTraceparent();
    const response = await gw.post({ query: SESSION, variables }, { traceparent: header });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    // Nothing internal in the response: neither the trace id nor a traceresponse header.
    expect(JSON.stringify(response.body)).not.toContain(traceId);
    expect([...response.headers.values()].join(' ')).not.toContain(traceId);
    expect(response.headers.get('traceresponse')).toBeNull();

    const spans = await traceOf(traceId, (s) => hasServerSpan(s) && s.some((x) => x.name.startsWith('IVS.')));
    if (process.env.WRITE_TRACE_TREE) writeFileSync(process.env.WRITE_TRACE_TREE, renderTree(spans) + '\n');
    const http = one(spans, 'POST /graphql');
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.parentSpanId).toBe(parentId);
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/graphql',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });

    const operation = one(spans, 'query Session');
    childOf(operation, http);
    expect(operation.attributes).toEqual({
      'graphql.operation.name': 'Session',
      'graphql.operation.type': 'query',
      'graphql.document.hash': `sha256:${createHash('sha256').update(SESSION).digest('hex')}`,
    });
    // Never the variables.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(demo.fullest.streamId);

    const cache = one(spans, 'cache GetStreamSession');
    childOf(cache, operation);
    expect(cache.attributes['cache.outcome']).toBe('miss');

    const ivs = one(spans, 'IVS.GetStreamSession');
    childOf(ivs, cache);
    expect(ivs.kind).toBe(SpanKind.CLIENT);
    expect(ivs.attributes).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'IVS',
      'rpc.method': 'GetStreamSession',
      'cloud.region': 'us-west-2',
      'cloud.account.id': DEMO_ACCOUNT_ID,
      'gateway.ivs.outcome': 'ok',
      'gateway.ivs.retries': 0,
    });
    expect(ivs.attributes['gateway.quota.wait_ms']).toBeTypeOf('number');
    expect(ivs.attributes['gateway.in_flight.wait_ms']).toBeTypeOf('number');

    // The request's log line joins the trace: its trace_id, and the HTTP span's id.
    const line = gw.logs.find((l) => l.msg === 'request' && l.trace_id === traceId);
    expect(line).toMatchObject({ trace_id: traceId, span_id: http.spanContext().spanId, path: '/graphql', status: 200 });
  });

  it('shows a data-cache hit as the cache span, with no IVS call', async () => {
    const first = newTraceparent();
    await gw.post({ query: SESSION, variables }, { traceparent: first.header });
    await traceOf(first.traceId);
    const { traceId, header } = newTraceparent();
    const response = await gw.post({ query: SESSION, variables }, { traceparent: header });
    expect(response.body.errors).toBeUndefined();
    const spans = await traceOf(traceId);
    const cache = one(spans, 'cache GetStreamSession');
    childOf(cache, one(spans, 'query Session'));
    expect(cache.attributes['cache.outcome']).toBe('memory_hit');
    expect(spans.filter((s) => s.name.startsWith('IVS.'))).toEqual([]);
  });

  it('marks an IVS error on the call span with its code', async () => {
    const { traceId, header } = newTraceparent();
    const missing = { channelArn: `arn:aws:ivs:us-west-2:${DEMO_ACCOUNT_ID}:channel/zzzzzzzzzzzz` };
    const response = await gw.post({ query: SESSION, variables: missing }, { traceparent: header });
    expect(response.status).toBe(200);
    const spans = await traceOf(traceId, (s) => hasServerSpan(s) && s.some((x) => x.name.startsWith('IVS.')));
    const ivs = one(spans, 'IVS.GetStreamSession');
    expect(ivs.attributes['gateway.ivs.outcome']).not.toBe('ok');
    expect(ivs.attributes['error.type']).toBe(ivs.attributes['gateway.ivs.outcome']);
  });

  it('joins a federated _entities request from an in-process Apollo gateway to the same trace', async () => {
    const streamerTypeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { streamers: [Streamer!]! }
      type Streamer @key(fields: "id") { id: ID! lastBroadcast: StreamSession }
      type StreamSession @key(fields: "channelArn streamId", resolvable: false) { channelArn: ID! streamId: ID! }
    `);
    // A session no earlier test cached, so the subgraph calls IVS.
    const streamers = [{ id: 's1', lastBroadcast: { channelArn: demo.advancedHd.channelArn, streamId: demo.advancedHd.streamId } }];
    const streamerServer = new ApolloServer({
      schema: buildSubgraphSchema([{ typeDefs: streamerTypeDefs, resolvers: { Query: { streamers: () => streamers } } }]),
    });
    const { url: streamerUrl } = await startStandaloneServer(streamerServer, { listen: { port: 0, host: '127.0.0.1' } });
    const composed = composeServices([
      { name: 'ivs', typeDefs: parse(printSubgraphSchema(buildSchema())), url: gw.app.graphqlUrl },
      { name: 'streamers', typeDefs: streamerTypeDefs, url: streamerUrl },
    ]);
    expect(composed.errors ?? []).toEqual([]);
    // As Apollo Router does: the active trace context goes to each subgraph as traceparent.
    class TracingDataSource extends RemoteGraphQLDataSource {
      override willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]) {
        propagation.inject(context.active(), request.http!.headers, { set: (headers, key, value) => headers.set(key, value) });
      }
    }
    const router = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl!, buildService: ({ url }) => new TracingDataSource({ url }) }),
    });
    await router.start();
    try {
      const tracer = trace.getTracer('test-router');
      const { traceId, result } = await tracer.startActiveSpan('router', async (span) => {
        const response = await router.executeOperation({
          query: 'query Streamers { streamers { id lastBroadcast { streamId startTime } } }',
        });
        span.end();
        return { traceId: span.spanContext().traceId, result: response.body };
      });
      expect(result.kind === 'single' && result.singleResult.errors).toBeFalsy();
      const spans = await traceOf(traceId, (s) => s.some((x) => x.name.startsWith('IVS.')) && hasServerSpan(s));
      const routerIds = new Set(
        spans.filter((s) => s.instrumentationLibrary.name !== 'ivs-graphql-gateway').map((s) => s.spanContext().spanId),
      );
      const http = one(spans, 'POST /graphql');
      // The subgraph's server span is a child of a span of the router (its fetch), in the router's trace.
      expect(routerIds.has(http.parentSpanId!)).toBe(true);
      const operation = spans.find((s) => s.attributes['graphql.operation.name'] === 'Streamers__ivs__1')!;
      expect(operation, spans.map((s) => s.name).join(', ')).toBeDefined();
      childOf(operation, http);
      const ivs = one(spans, 'IVS.GetStreamSession');
      expect(ivs.attributes).toMatchObject({
        'cloud.region': 'us-west-2',
        'cloud.account.id': DEMO_ACCOUNT_ID,
        'gateway.ivs.outcome': 'ok',
      });
      const cache = spans.find((s) => s.spanContext().spanId === ivs.parentSpanId)!;
      expect(cache.name).toBe('cache GetStreamSession');
      childOf(cache, operation);
    } finally {
      await router.stop();
      await streamerServer.stop();
    }
  });
});
