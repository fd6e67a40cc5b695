import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { checkVariablesDepth, MAX_VARIABLES_DEPTH } from '../src/graphql/variables.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/gateway.js';

/** `levels` lists inside one another, as JSON text (built as text: JSON.stringify itself would overflow). */
const nestedLists = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const SESSION = 'query($c: ID!, $s: ID) { streamSession(channelArn: $c, streamId: $s) { streamId } }';
const ENTITIES =
  'query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { arn } ... on StreamSession { streamId } ... on Stream { state } } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('client mistakes are coded client errors, never faults', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The response cache on (it builds a key from the variables), and every log line captured.
    gw = await startTestGateway({ CACHE_ENABLED: 'true', ALLOW_ANONYMOUS: 'true', LOG_LEVEL: 'debug' });
  });
  afterAll(() => gw.close());
  // Only real faults log at error level (with a stack); none of these is one.
  afterEach(() => {
    expect(gw.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  async function post(body: string | object, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  }

  async function get(params: Record<string, string>): Promise<GraphQLResponse> {
    const response = await fetch(`${gw.app.graphqlUrl}?${new URLSearchParams(params)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  }

  /** The request log line (info level) of the last request, which names the codes sent. */
  const lastRequestLine = () => gw.logs.filter((line) => line.msg === 'request').at(-1);

  describe('deeply nested variables', () => {
    it(`checkVariablesDepth accepts ${MAX_VARIABLES_DEPTH} levels and refuses one more, at any depth without recursion`, () => {
      const nested = (levels: number): unknown => JSON.parse(nestedLists(levels)) as unknown;
      expect(checkVariablesDepth({ v: nested(MAX_VARIABLES_DEPTH - 1) })).toBeUndefined();
      expect(checkVariablesDepth({ a: 1, b: [{ c: 'x' }], d: nested(MAX_VARIABLES_DEPTH - 1) })).toBeUndefined();
      expect(checkVariablesDepth({ v: nested(MAX_VARIABLES_DEPTH) })?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'variables',
      });
      expect(checkVariablesDepth({ v: nested(10_000) })?.extensions.code).toBe('BAD_USER_INPUT');
      for (const flat of [undefined, null, 'text', 42, {}, []]) expect(checkVariablesDepth(flat)).toBeUndefined();
    });

    it('refuses variables 10,000 levels deep with 400 BAD_USER_INPUT, before the response cache and Apollo', async () => {
      const { status, body } = await post(`{"query":${JSON.stringify(SESSION)},"variables":{"c":${nestedLists(10_000)}}}`);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        {
          message: expect.stringContaining(`more than ${MAX_VARIABLES_DEPTH} levels`),
          extensions: { code: 'BAD_USER_INPUT', argument: 'variables' },
        },
      ]);
      expect(lastRequestLine()).toMatchObject({ level: 30, status: 400, errorCodes: ['BAD_USER_INPUT'] });
    });

    it('refuses deep variables in any operation of a batch', async () => {
      const { status, body } = await post(
        `[{"query":"{ __typename }"},{"query":${JSON.stringify(SESSION)},"variables":{"c":${nestedLists(10_000)}}}]`,
      );
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'variables' });
    });

    it(`leaves variables of up to ${MAX_VARIABLES_DEPTH} levels to graphql-js, whose coercion refuses them as values`, async () => {
      const scalar = await post(`{"query":${JSON.stringify(SESSION)},"variables":{"c":${nestedLists(MAX_VARIABLES_DEPTH - 1)}}}`);
      expect(scalar.status).toBe(400);
      expect(scalar.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // _Any takes any value: the representation itself is then refused.
      const entities = await post(`{"query":${JSON.stringify(ENTITIES)},"variables":{"r":${nestedLists(MAX_VARIABLES_DEPTH - 1)}}}`);
      expect(entities.status).toBe(200);
      expect(entities.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'representations' });
    });

    it('answers deep variables in a GET (no response cache there) as a coded client error', async () => {
      const { status, body } = await get({ query: SESSION, variables: `{"c":${nestedLists(2_000)}}` });
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('_entities representations without a usable key field', () => {
    it('refuses each with BAD_USER_INPUT naming the field, at its index, and serves the others', async () => {
      gw.ivs.resetCalls();
      const { status, body } = await post({
        query: ENTITIES,
        variables: {
          r: [
            { __typename: 'Channel', arn: demo.fullest.channelArn },
            { __typename: 'StreamSession', streamId: demo.fullest.streamId },
            { __typename: 'Channel' },
            { __typename: 'StreamSession', channelArn: demo.fullest.channelArn, streamId: 42 },
            { __typename: 'Stream', channelArn: null },
            { __typename: 'Channel', arn: { nested: [demo.fullest.channelArn] } },
            { __typename: 'StreamSession', channelArn: demo.fullest.channelArn, streamId: demo.fullest.streamId },
          ],
        },
      });
      expect(status).toBe(200);
      expect(body.data?._entities).toEqual([
        { arn: demo.fullest.channelArn },
        null,
        null,
        null,
        null,
        null,
        { streamId: demo.fullest.streamId },
      ]);
      const refused = (index: number, typename: string, field: string, found: string) =>
        expect.objectContaining({
          path: ['_entities', index],
          message: `A ${typename} representation needs its key field "${field}" as a string; it is ${found}.`,
          extensions: { code: 'BAD_USER_INPUT', argument: field },
        });
      expect(body.errors).toEqual([
        refused(1, 'StreamSession', 'channelArn', 'missing'),
        refused(2, 'Channel', 'arn', 'missing'),
        refused(3, 'StreamSession', 'streamId', 'a number'),
        refused(4, 'Stream', 'channelArn', 'null'),
        refused(5, 'Channel', 'arn', 'an object'),
      ]);
      expect(gw.ivs.callCount()).toBe(2);
    });
  });

  describe('automatic persisted queries', () => {
    const QUERY = '{ __typename }';

    it("answers a hash that is not the query's with 400 PERSISTED_QUERY_HASH_MISMATCH, over POST and GET", async () => {
      for (const sha256Hash of ['0'.repeat(64), 42, null]) {
        const { status, body } = await post({ query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash } } });
        expect(status).toBe(400);
        expect(body.errors).toEqual([
          { message: expect.stringContaining('SHA-256'), extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } },
        ]);
        expect(lastRequestLine()).toMatchObject({ level: 30, errorCodes: ['PERSISTED_QUERY_HASH_MISMATCH'] });
      }
      const viaGet = await get({
        query: QUERY,
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }),
      });
      expect(viaGet.status).toBe(400);
      expect(viaGet.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    });

    it('answers another version, or a persistedQuery that is not an object, with 400 BAD_REQUEST', async () => {
      for (const persistedQuery of [{ version: 2, sha256Hash: sha256(QUERY) }, { sha256Hash: sha256(QUERY) }, 'yes', 1]) {
        const { status, body } = await post({ query: QUERY, extensions: { persistedQuery } });
        expect(status).toBe(400);
        expect(body.errors).toEqual([{ message: expect.stringContaining('version 1'), extensions: { code: 'BAD_REQUEST' } }]);
      }
    });

    it("answers an unknown hash without a query with Apollo's PERSISTED_QUERY_NOT_FOUND, and serves it once registered", async () => {
      const query = '{ __typename registered: __typename }';
      const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(unknown.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
      const registered = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(registered.body).toEqual({ data: { __typename: 'Query', registered: 'Query' } });
      const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(byHash.body).toEqual(registered.body);
      // A hash that is not even a string is no known hash either.
      for (const sha256Hash of [42, null, { hash: sha256(query) }]) {
        const { body } = await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
        expect(body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_FOUND' });
      }
    });
  });
});
