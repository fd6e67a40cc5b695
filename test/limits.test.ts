import { readdirSync, readFileSync } from 'node:fs';
import { getIntrospectionQuery, Kind, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { demo, findDemoChannel } from '../src/embedded-ivs/demo-data.js';
import { EXAMPLE_QUERY } from '../src/http/graphiql/index.js';
import { asLimitExceeded, createArmor } from '../src/graphql/armor.js';
import { buildSchema } from '../src/graphql/schema.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { UNCACHED } from './support/isolation.js';
import { selectAll } from './support/select-all.js';

const schema = buildSchema();

/** The documentation: the README first (its first operation is the fullest session), then docs/*.md by name. */
const DOC_FILES = [
  'README.md',
  ...readdirSync(new URL('../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The operations the README and docs/*.md show (SDL examples such as federation stubs are left out). */
function readmeOperations(): Array<{ file: string; source: string; document: DocumentNode }> {
  return DOC_FILES.flatMap((file) =>
    [...readFileSync(new URL(`../${file}`, import.meta.url), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => ({
      file,
      source: match[1]!,
      document: parse(match[1]!),
    })),
  ).filter(({ document }) =>
    document.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION),
  );
}

/** What the server does before execution: parse with the token limit, validate with armor's rules. */
function check(source: string, env: Record<string, string> = {}): string[] {
  const config = loadConfig(env);
  const armor = createArmor(config.limits);
  let document: DocumentNode;
  try {
    document = parse(source, armor.parseOptions);
  } catch (error) {
    return [
      asLimitExceeded({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error)?.message ??
        (error as Error).message,
    ];
  }
  return validate(schema, document, [...specifiedRules, ...armor.validationRules]).map((e) => e.message);
}

describe('document limits: the defaults let every documented operation through', () => {
  const operations = readmeOperations();

  it('finds the README examples (README.md and docs/*.md)', () => {
    // Over all files: the README's two (the fullest session, GraphiQL's), docs/examples.md's four, the subscriptions of docs/live-updates.md.
    expect(operations.length).toBeGreaterThanOrEqual(7);
    expect(operations[0]!.source).toMatch(/^query Fullest /);
    expect([...new Set(operations.map((op) => op.file))]).toEqual(
      expect.arrayContaining(['README.md', 'docs/examples.md', 'docs/live-updates.md']),
    );
  });

  it.each(operations.map((op, i) => [op.file, i, op.source]))('%s example %i passes the default limits', (_file, _i, source) => {
    expect(check(source)).toEqual([]);
  });

  it("passes GraphiQL's example and the fullest introspection query (as GraphiQL sends it)", () => {
    expect(check(EXAMPLE_QUERY)).toEqual([]);
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    expect(check(introspection)).toEqual([]);
  });

  it('passes the largest everyday shapes: a full page of 100 channels, 100 sessions of history, 61 channels by alias', () => {
    expect(check(`{ channels(first: 100) { nodes ${selectAll(schema, 'Channel')} pageInfo { endCursor } } }`)).toEqual([]);
    expect(
      check(
        `{ channel(arn: "${demo.busy.channelArn}") { streamSessions(first: 100) { edges { cursor node { streamId startTime endTime hasErrorEvent } } } } }`,
      ),
    ).toEqual([]);
    const aliases = Array.from(
      { length: 61 },
      (_, i) => `c${i}: channel(arn: "arn:aws:ivs:us-west-2:123456789012:channel/abcdefghij${i}") { arn name }`,
    );
    expect(check(`{ ${aliases.join('\n')} }`)).toEqual([]);
  });

  it('are each configurable', () => {
    const fullest = operations[0]!.source;
    expect(check(fullest, { MAX_DEPTH: '3' })).toEqual([expect.stringMatching(/depth limit of 3 exceeded.*\(MAX_DEPTH\)/)]);
    expect(check(fullest, { MAX_TOKENS: '50' })).toEqual([expect.stringMatching(/more than 50 tokens \(MAX_TOKENS\)/)]);
    expect(check(fullest, { MAX_COST: '100' })).toEqual([expect.stringMatching(/Cost limit of 100 exceeded.*\(MAX_COST\)/)]);
    expect(check(operations.find((op) => op.source.includes('denied:'))!.source, { MAX_ALIASES: '2' })).toEqual([
      expect.stringMatching(/Aliases limit of 2 exceeded.*\(MAX_ALIASES\)/),
    ]);
    expect(check('{ a: __typename @include(if: true) b: __typename @include(if: true) }', { MAX_DIRECTIVES: '1' })).toEqual([
      expect.stringMatching(/Directives limit of 1 exceeded.*\(MAX_DIRECTIVES\)/),
    ]);
  });
});

describe('limits over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => gw.close());

  const expectLimit = async (query: string, limit: string) => {
    gw.ivs.resetCalls();
    const { status, body } = await gw.query(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toContain('LIMIT_EXCEEDED');
    expect(body.errors?.filter((e) => e.extensions?.code === 'LIMIT_EXCEEDED').map((e) => e.extensions?.limit)).toContain(limit);
    expect(gw.ivs.callCount()).toBe(0);
  };

  it('refuses an alias bomb (thousands of aliases) at the token limit, before parsing it all', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `s${i}: streamSession(channelArn: $a) { streamId }`);
    await expectLimit(`query($a: ID!) { ${aliases.join(' ')} }`, 'maxTokens');
  });

  it('refuses more aliases than MAX_ALIASES', async () => {
    const aliases = Array.from({ length: 120 }, (_, i) => `a${i}: channel(arn: "${demo.fullest.channelArn}") { name }`);
    await expectLimit(`{ ${aliases.join(' ')} }`, 'maxAliases');
  });

  it('refuses a depth bomb through the Channel ↔ StreamSession cycle', async () => {
    const depthBomb = `{ channel(arn: "${demo.fullest.channelArn}") { ${'latestStreamSession { channel { '.repeat(10)} name ${'} } '.repeat(10)} } }`;
    await expectLimit(depthBomb, 'maxDepth');
  });

  it('refuses a cost bomb (nested pages of 100)', async () => {
    await expectLimit(
      `{ liveStreams(first: 100) { nodes { channel { streamSessions(first: 100) { nodes { streamId truncatedEvents { name } } } } } } }`,
      'costLimit',
    );
  });

  it('refuses more directives than MAX_DIRECTIVES', async () => {
    await expectLimit(`{ ${Array.from({ length: 60 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`, 'maxDirectives');
  });

  it('refuses an oversized body with 413 LIMIT_EXCEEDED, before parsing or authenticating it further', async () => {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/larger than 102400 bytes \(MAX_BODY_BYTES\)/),
          extensions: { code: 'LIMIT_EXCEEDED', limit: 'maxBodyBytes' },
        },
      ],
    });
  });

  it('refuses HTTP batches (a JSON array of operations) by default', async () => {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it("keeps Apollo's CSRF prevention: a simple GET or a text/plain POST is refused", async () => {
    const get = await fetch(`${gw.app.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    expect(await get.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const post = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.status).toBe(400);
    const allowed = await fetch(`${gw.app.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('allows any origin by default outside production, and exposes x-request-id', async () => {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('IVS call budget (IVS_CALL_BUDGET): stops at the budget, the fields left over get LIMIT_EXCEEDED', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ ...UNCACHED, IVS_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => gw.close());

  const busySessions = () => findDemoChannel(gw.ivs.data, demo.busy.channelArn)!.sessions;

  it('spends at most 50 calls by default: 60 distinct sessions give 50 served and 10 LIMIT_EXCEEDED', async () => {
    gw.ivs.resetCalls();
    const sessions = busySessions().slice(0, 60);
    const aliases = sessions.map(
      (s, i) => `s${i}: streamSession(channelArn: "${demo.busy.channelArn}", streamId: "${s.streamId}") { streamId }`,
    );
    const { status, body } = await gw.query(`{ ${aliases.join('\n')} }`);
    expect(status).toBe(200);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(50);
    const served = Object.values(body.data!).filter((v) => v !== null);
    expect(served).toHaveLength(50);
    expect(body.errors).toHaveLength(10);
    for (const error of body.errors!) {
      expect(error.extensions).toEqual({ code: 'LIMIT_EXCEEDED', limit: 'ivsCallBudget', budget: 50 });
      expect(error.message).toMatch(/more than 50 IVS calls .*IVS_CALL_BUDGET/);
    }
  });

  it('does not count repeats: the same session asked for 30 times is one call', async () => {
    gw.ivs.resetCalls();
    const aliases = Array.from({ length: 30 }, (_, i) => `s${i}: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId }`);
    const { body } = await gw.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(gw.ivs.callCount()).toBe(1);
  });

  it('is configurable, and spent per operation, not per process', async () => {
    const small = await startTestGateway({ ...UNCACHED, IVS_CALL_BUDGET: '2', IVS_MAX_ATTEMPTS: '1' });
    try {
      const query = `{ a: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } b: streamSession(channelArn: "${demo.euLive.channelArn}") { streamId } c: streamSession(channelArn: "${demo.basic.channelArn}") { streamId } }`;
      for (let round = 0; round < 2; round++) {
        small.ivs.resetCalls();
        const { body } = await small.query(query);
        expect(small.ivs.callCount()).toBe(2);
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['LIMIT_EXCEEDED']);
      }
    } finally {
      await small.close();
    }
  });

  it('with HTTP_BATCHING=true, the operations of one batch share one budget', async () => {
    const batching = await startTestGateway({ ...UNCACHED, HTTP_BATCHING: 'true', IVS_CALL_BUDGET: '2', IVS_MAX_ATTEMPTS: '1' });
    try {
      const op = (arn: string) => ({ query: `{ streamSession(channelArn: "${arn}") { streamId } }` });
      const response = await fetch(batching.app.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([op(demo.fullest.channelArn), op(demo.euLive.channelArn), op(demo.basic.channelArn)]),
      });
      const results = (await response.json()) as Array<{ errors?: Array<{ extensions: { code: string } }> }>;
      expect(results).toHaveLength(3);
      expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions.code)).toEqual(['LIMIT_EXCEEDED']);
      expect(batching.ivs.callCount()).toBe(2);
    } finally {
      await batching.close();
    }
  });
});

describe('request deadline (REQUEST_TIMEOUT_MS) bounds the IVS calls made for a request', () => {
  it('fails a call still running at the deadline with UPSTREAM_ERROR naming the deadline, and serves the rest', async () => {
    const gw = await startTestGateway({ REQUEST_TIMEOUT_MS: '400', IVS_TIMEOUT_MS: '30000', IVS_MAX_ATTEMPTS: '1' });
    try {
      const { status, body } = await gw.query(
        `{ slow: streamSession(channelArn: "${demo.slow.channelArn}") { streamId } ok: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } }`,
      );
      expect(status).toBe(200);
      expect(body.data).toEqual({ slow: null, ok: { streamId: demo.fullest.streamId } });
      expect(body.errors).toEqual([
        expect.objectContaining({ path: ['slow'], extensions: { code: 'UPSTREAM_ERROR', ivsErrorType: 'Timeout' } }),
      ]);
      expect(body.errors![0]!.message).toMatch(/deadline \(400 ms\)/);
    } finally {
      await gw.close();
    }
  });
});

describe('production defaults', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', IVS_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => gw.close());

  it('turns introspection off', async () => {
    const { status, body } = await gw.query('{ __schema { queryType { name } } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('hides field suggestions', async () => {
    const { body } = await gw.query('{ streamSesion(channelArn: "x") { streamId } }');
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "streamSesion"/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
  });

  it('allows no cross-origin browser access unless CORS_ORIGINS names the origin', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight(gw.app.graphqlUrl, 'https://app.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    const allowing = await startTestGateway({
      NODE_ENV: 'production',
      ALLOW_ANONYMOUS: 'true',
      CORS_ORIGINS: 'https://app.example.com,https://admin.example.com',
    });
    try {
      expect((await preflight(allowing.app.graphqlUrl, 'https://admin.example.com')).headers.get('access-control-allow-origin')).toBe(
        'https://admin.example.com',
      );
      expect((await preflight(allowing.app.graphqlUrl, 'https://evil.example.net')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await allowing.close();
    }
  });

  it('serves introspection and suggestions again with INTROSPECTION=true', async () => {
    const open = await startTestGateway({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', INTROSPECTION: 'true' });
    try {
      expect((await open.query('{ __schema { queryType { name } } }')).body).toEqual({
        data: { __schema: { queryType: { name: 'Query' } } },
      });
      expect(JSON.stringify((await open.query('{ streamSesion(channelArn: "x") { streamId } }')).body)).toMatch(/Did you mean/);
    } finally {
      await open.close();
    }
  });
});
