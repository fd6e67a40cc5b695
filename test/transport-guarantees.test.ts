import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { OperationGuard } from '../src/graphql/guard.js';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { sha256 } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { send, TRANSPORTS } from './support/transports.js';

const READER = 'guarantees-reader-key-4f1c2a9e7b';
const ROUTER = 'guarantees-router-key-8d3b6e0c1a';
const API_KEYS = JSON.stringify([
  { id: 'reader', sha256: sha256(READER), scopes: ['sessions:read'] },
  { id: 'router', sha256: sha256(ROUTER), scopes: ['sessions:read', 'schema:read'] },
]);
const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/ggyobZxg2oBg';

/** Each refusal the guard makes before anything runs: the document, and the code and limit it is refused with. */
const REFUSALS: Array<{ name: string; query: string; code: string; limit?: string; message?: RegExp }> = [
  {
    name: 'depth (MAX_DEPTH)',
    query: `{ channel(arn: "${CHANNEL}") { stream { channel { stream { state } } } } }`,
    code: 'LIMIT_EXCEEDED',
    limit: 'maxDepth',
  },
  {
    name: 'aliases (MAX_ALIASES)',
    query:
      '{ a: _entities(representations: []) { __typename } b: _entities(representations: []) { __typename } c: _entities(representations: []) { __typename } d: _entities(representations: []) { __typename } }',
    code: 'LIMIT_EXCEEDED',
    limit: 'maxAliases',
  },
  { name: 'tokens (MAX_TOKENS)', query: `{ ${'__typename '.repeat(70)}}`, code: 'LIMIT_EXCEEDED', limit: 'maxTokens' },
  {
    name: 'cost (MAX_COST)',
    query: '{ channels { nodes { arn name type latencyMode playbackUrl ingestEndpoint authorized insecureIngest } } }',
    code: 'LIMIT_EXCEEDED',
    limit: 'costLimit',
  },
  {
    name: 'directives (MAX_DIRECTIVES)',
    query: '{ __typename @skip(if: false) ... @include(if: true) { __typename @skip(if: false) } }',
    code: 'LIMIT_EXCEEDED',
    limit: 'maxDirectives',
  },
  {
    name: 'introspection (__schema)',
    query: '{ __schema { queryType { name } } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection/i,
  },
  {
    name: 'introspection (__type)',
    query: '{ __type(name: "Channel") { name } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection/i,
  },
  { name: 'the federation SDL without schema:read (_service)', query: '{ _service { sdl } }', code: 'FORBIDDEN', message: /schema:read/ },
  {
    name: 'a field suggestion (masked)',
    query: `{ streamSesion(channelArn: "${CHANNEL}") { streamId } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /^Cannot query field "streamSesion" on type "Query"\.$/,
  },
  { name: 'a syntax error', query: '{ channel(arn: ', code: 'GRAPHQL_PARSE_FAILED' },
];

describe('every transport enforces the same guard (production settings)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      NODE_ENV: 'production',
      API_KEYS,
      MAX_DEPTH: '4',
      MAX_ALIASES: '3',
      MAX_TOKENS: '60',
      MAX_COST: '10',
      MAX_DIRECTIVES: '2',
    });
  });
  afterAll(() => gw.close());

  it.each(TRANSPORTS)('serves an operation within the limits over %s', async (transport) => {
    const outcome = await send(transport, gw.app.graphqlUrl, '{ __typename }', { 'x-api-key': READER });
    expect(outcome).toMatchObject({ data: [{ __typename: 'Query' }], errors: [] });
  });

  describe.each(REFUSALS)('refuses $name', ({ query, code, limit, message }) => {
    it('with the same errors and status on HTTP POST, HTTP GET, graphql-ws and graphql-sse, and no IVS call', async () => {
      gw.ivs.resetCalls();
      const outcomes = await Promise.all(TRANSPORTS.map((transport) => send(transport, gw.app.graphqlUrl, query, { 'x-api-key': READER })));
      const [post] = outcomes;
      expect(post!.errors.length).toBeGreaterThan(0);
      for (const error of post!.errors) expect(error.extensions?.code).toBe(code);
      if (limit) expect(post!.errors.map((e) => e.extensions?.limit)).toContain(limit);
      if (message) expect(post!.errors[0]!.message).toMatch(message);
      expect(JSON.stringify(post!.errors)).not.toMatch(/Did you mean|stack|node_modules/);
      for (const [i, outcome] of outcomes.entries()) {
        expect({ transport: TRANSPORTS[i], data: outcome.data, errors: outcome.errors }).toEqual({
          transport: TRANSPORTS[i],
          data: [],
          errors: post!.errors,
        });
        // WebSocket answers inside its protocol; the others with the same HTTP status.
        if (TRANSPORTS[i] !== 'graphql-ws') expect(outcome.status).toBe(post!.status);
      }
      expect(post!.status).toBeGreaterThanOrEqual(400);
      expect(gw.ivs.callCount()).toBe(0);
    });
  });

  it.each(TRANSPORTS)('serves the federation SDL to a key with schema:read over %s', async (transport) => {
    const outcome = await send(transport, gw.app.graphqlUrl, '{ _service { sdl } }', { 'x-api-key': ROUTER });
    expect(outcome.errors).toEqual([]);
    expect((outcome.data[0] as { _service: { sdl: string } })._service.sdl).toMatch(/type StreamSession/);
  });

  it.each(['http-post', 'graphql-ws', 'graphql-sse'] as const)(
    'refuses variables 10,000 levels deep with BAD_USER_INPUT over %s',
    async (transport) => {
      const deep = `{"v":${'['.repeat(10_000)}"x"${']'.repeat(10_000)}}`;
      const outcome = await send(
        transport,
        gw.app.graphqlUrl,
        'query($v: [[String]]) { __typename }',
        { 'x-api-key': READER },
        { json: deep },
      );
      expect(outcome.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/more than 64 levels deep/),
          extensions: { code: 'BAD_USER_INPUT', argument: 'variables' },
        }),
      ]);
      if (transport !== 'graphql-ws') expect(outcome.status).toBe(400);
    },
  );

  it.each(TRANSPORTS)('sends coded errors with their path and code over %s', async (transport) => {
    const outcome = await send(transport, gw.app.graphqlUrl, '{ streamSession(channelArn: "not-an-arn") { streamId } }', {
      'x-api-key': READER,
    });
    expect(outcome.errors).toEqual([
      expect.objectContaining({
        path: ['streamSession'],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'channelArn' }),
      }),
    ]);
  });
});

describe('every transport holds a query to the request deadline (REQUEST_TIMEOUT_MS) and the IVS call budget', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ REQUEST_TIMEOUT_MS: '400', IVS_TIMEOUT_MS: '30000', IVS_MAX_ATTEMPTS: '1', IVS_CALL_BUDGET: '2' });
  });
  afterAll(() => gw.close());

  it.each(TRANSPORTS)('fails a call still running at the deadline over %s', async (transport) => {
    const outcome = await send(
      transport,
      gw.app.graphqlUrl,
      `{ slow: streamSession(channelArn: "${demo.slow.channelArn}") { streamId } ok: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } }`,
    );
    expect(outcome.data).toEqual([{ slow: null, ok: { streamId: demo.fullest.streamId } }]);
    expect(outcome.errors).toEqual([
      expect.objectContaining({
        path: ['slow'],
        message: expect.stringMatching(/deadline \(400 ms\)/),
        extensions: { code: 'UPSTREAM_ERROR', ivsErrorType: 'Timeout' },
      }),
    ]);
  });

  it.each(TRANSPORTS)('spends at most IVS_CALL_BUDGET calls per operation over %s', async (transport) => {
    gw.ivs.resetCalls();
    const three = [demo.fullest, demo.basic, demo.advancedHd]
      .map((s, i) => `s${i}: streamSession(channelArn: "${s.channelArn}") { streamId }`)
      .join(' ');
    const outcome = await send(transport, gw.app.graphqlUrl, `{ ${three} }`);
    expect(outcome.errors.map((e) => e.extensions?.code)).toEqual(['LIMIT_EXCEEDED']);
    expect(gw.ivs.callCount()).toBe(2);
  });
});

describe("the guard's error formatter, which every transport sends its errors through", () => {
  const guard = new OperationGuard(loadConfig({}).limits, { introspection: false, logger: pino({ level: 'silent' }) });

  it('masks an unexpected error to INTERNAL_SERVER_ERROR, keeping where it happened but not what it said', () => {
    const [formatted] = guard.formatErrors([
      new GraphQLError('connect ECONNREFUSED 10.0.0.7:6379', {
        path: ['streamSession'],
        originalError: new Error('connect ECONNREFUSED 10.0.0.7:6379'),
      }),
    ]);
    expect(formatted).toEqual({
      message: 'Internal server error.',
      path: ['streamSession'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps a coded error, without the HTTP status it carries for Apollo', () => {
    const [formatted] = guard.formatErrors([
      new GraphQLError('Argument "first" must be between 1 and 100; got 0.', {
        extensions: { code: 'BAD_USER_INPUT', argument: 'first', http: { status: 400 } },
      }),
    ]);
    expect(formatted).toEqual({
      message: 'Argument "first" must be between 1 and 100; got 0.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });
});
