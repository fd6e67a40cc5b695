import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, demoFleet } from '../src/embedded-ivs/demo-data.js';
import { buildSchema } from '../src/graphql/schema.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

type Gen = Parameters<Parameters<ReturnType<typeof fc.gen>['map']>[0]>[0];

const schema = buildSchema();
const KNOWN_ARNS = [...Object.values(demo).map((h) => h.channelArn), demoFleet[0]!.channelArn, demoFleet[1]!.channelArn];

/** Channel ARNs that are almost right: each part of a valid one bent a little. */
const nearArn = fc
  .record({
    partition: fc.constantFrom('aws', 'aws-cn', 'AWS', ''),
    service: fc.constantFrom('ivs', 'ivschat', 'IVS'),
    region: fc.constantFrom('us-west-2', 'eu-west-1', 'ap-northeast-1', 'mars-1', 'US-WEST-2', ''),
    account: fc.oneof(fc.constantFrom('123456789012', '210987654321'), fc.stringMatching(/^[0-9]{0,14}$/)),
    kind: fc.constantFrom('channel', 'stage', 'channel/', 'recording-configuration'),
    id: fc.oneof(fc.stringMatching(/^[a-zA-Z0-9-]{0,16}$/), fc.string({ maxLength: 12 })),
  })
  .map(({ partition, service, region, account, kind, id }) => `arn:${partition}:${service}:${region}:${account}:${kind}/${id}`);

/** Argument values: known ARNs, near misses, arbitrary and enormous strings, Unicode, cursors. */
const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN_ARNS) },
  { weight: 3, arbitrary: nearArn },
  { weight: 2, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1_000, maxLength: 20_000 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `st-${'a'.repeat(23)}`,
      demo.fullest.streamId,
      'st-',
      '',
      ' ',
      '\u0000',
      '../../etc/passwd',
      '%00',
      '${jndi:x}',
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')) },
);

/** Any JSON value where a variable is expected: usually a string, sometimes the wrong type altogether. */
const variableValue = fc.oneof(
  { weight: 6, arbitrary: stringValue },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.string()),
    ),
  },
);

/** A GraphQL literal for an argument of `type` (sometimes of the wrong type). */
function literal(g: Gen, type: GraphQLInputType): string {
  if (g(fc.integer, { min: 0, max: 14 }) === 0)
    return g(fc.constantFrom, 'null', '42', '"x"', 'true', '[1]', '{a: 1}', 'ENUM_VALUE', '$undefined');
  if (isNonNullType(type)) return literal(g, type.ofType);
  if (isListType(type)) return `[${Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => literal(g, type.ofType)).join(', ')}]`;
  const named = getNamedType(type);
  if (isEnumType(named)) return g(fc.constantFrom, ...named.getValues().map((v) => v.name), 'NOT_A_VALUE');
  switch (named.name) {
    case 'Int':
      return String(g(() => fc.oneof(fc.integer({ min: -5, max: 150 }), fc.constantFrom(0, 2 ** 31, -(2 ** 31) - 1, 1e21))));
    case 'Boolean':
      return String(g(fc.boolean));
    case '_Any':
      return `{ __typename: ${JSON.stringify(g(fc.constantFrom, 'Channel', 'StreamSession', 'Stream', 'Nope'))}, arn: ${JSON.stringify(g(() => stringValue))}, channelArn: ${JSON.stringify(g(() => stringValue))}, streamId: ${JSON.stringify(g(() => stringValue))} }`;
    default:
      return JSON.stringify(g(() => stringValue));
  }
}

/** A random selection set over `type`, from the schema's own fields (aliases, arguments, directives, fragments). */
function selection(g: Gen, type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields());
  const count = g(fc.integer, { min: 1, max: Math.min(4, fields.length) });
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const field = fields[g(fc.integer, { min: 0, max: fields.length - 1 })]!;
    const alias = g(fc.integer, { min: 0, max: 3 }) === 0 ? `a${i}: ` : '';
    const args = field.args.filter((arg) => isNonNullType(arg.type) || g(fc.boolean));
    const argList = args.length > 0 ? `(${args.map((arg) => `${arg.name}: ${literal(g, arg.type)}`).join(', ')})` : '';
    const directive = g(fc.integer, { min: 0, max: 8 }) === 0 ? ` @${g(fc.constantFrom, 'include', 'skip')}(if: ${g(fc.boolean)})` : '';
    const named = getNamedType(field.type);
    let sub = '';
    if (isObjectType(named)) sub = depth > 0 ? ` { ${selection(g, named, depth - 1)} }` : ' { __typename }';
    else if (isUnionType(named)) {
      const member = named.getTypes()[g(fc.integer, { min: 0, max: named.getTypes().length - 1 })]!;
      sub = ` { __typename ... on ${member.name} { ${depth > 0 ? selection(g, member, depth - 1) : '__typename'} } }`;
    }
    parts.push(`${alias}${field.name}${argList}${directive}${sub}`);
  }
  if (g(fc.integer, { min: 0, max: 6 }) === 0) parts.push(`... on ${type.name} { __typename }`);
  return parts.join(' ');
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  ':',
  '$x',
  '...',
  '@skip',
  '"',
  '"""',
  '#',
  ',',
  'query',
  'mutation',
  'subscription',
  'fragment F on Query',
  'on',
  '!',
  '[',
  ']',
  '=',
  '\u0000',
  '\uffff',
  '𝄞',
  '\\',
  '1e999',
  '__schema',
  '__typename',
];

/** Small edits that break a document in the ways a hurried client or an attacker would. */
function mutate(g: Gen, doc: string): string {
  let out = doc;
  const edits = g(fc.integer, { min: 0, max: 3 });
  for (let e = 0; e < edits; e++) {
    const at = g(fc.integer, { min: 0, max: out.length });
    switch (g(fc.integer, { min: 0, max: 3 })) {
      case 0:
        out = out.slice(0, at) + out.slice(at + g(fc.integer, { min: 1, max: 8 }));
        break;
      case 1:
        out = `${out.slice(0, at)} ${g(fc.constantFrom, ...TOKENS)} ${out.slice(at)}`;
        break;
      case 2:
        out = out.slice(0, at) + g(fc.string, { unit: 'binary', minLength: 1, maxLength: 3 }) + out.slice(at + 1);
        break;
      default:
        out = out.slice(0, at);
    }
  }
  return out;
}

const document = fc.gen().map((g) => {
  if (g(fc.integer, { min: 0, max: 9 }) === 0) return g(fc.string, { unit: 'binary', maxLength: 200 });
  const operation = `query${g(fc.boolean) ? ' Fuzz' : ''} { ${selection(g, schema.getQueryType()!, g(fc.integer, { min: 0, max: 4 }))} }`;
  return g(fc.boolean) ? operation : mutate(g, operation);
});

interface Answer {
  status: number;
  text: string;
}

describe('fuzzing: random arguments and documents never break the server', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ IVS_TIMEOUT_MS: '300', IVS_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => gw.close());

  async function send(body: unknown): Promise<Answer> {
    const response = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  /** Well-formed GraphQL: JSON with data and/or errors, every error coded, no 5xx, nothing internal. */
  function expectWellFormed({ status, text }: Answer): void {
    expect(status, text).toBeLessThan(500);
    const body = JSON.parse(text) as { data?: unknown; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> };
    expect('data' in body || 'errors' in body, text).toBe(true);
    if (status !== 200) expect(body.errors?.length, text).toBeGreaterThan(0);
    for (const error of body.errors ?? []) {
      expect(typeof error.message, text).toBe('string');
      expect(typeof error.extensions?.code, text).toBe('string');
      expect(error.extensions?.code, text).not.toBe('INTERNAL_SERVER_ERROR');
    }
    expect(text).not.toMatch(/stacktrace|\bat \S+ \(|node_modules|\.ts:\d+/);
  }

  it('random argument values for streamSession, channel and channels (as variables)', async () => {
    const operations = [
      'query($a: ID!, $b: ID) { streamSession(channelArn: $a, streamId: $b) { streamId channel { name } } }',
      'query($a: ID!) { channel(arn: $a) { name stream { state } } }',
      'query($a: String, $b: ID, $c: Int, $d: String) { channels(filterByName: $a, filterByRecordingConfigurationArn: $b, first: $c, after: $d) { nodes { arn } pageInfo { endCursor } } }',
      'query($a: ID!, $c: Int, $d: String) { channel(arn: $a) { streamSessions(first: $c, after: $d) { nodes { streamId } } } }',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.record({
          a: variableValue,
          b: variableValue,
          c: fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constant(2 ** 40), variableValue),
          d: variableValue,
        }),
        async (query, variables) => expectWellFormed(await send({ query, variables })),
      ),
      { numRuns: 150 },
    );
  });

  it('random and mutated documents built from the schema', async () => {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }))),
        async (query, variables) => {
          expectWellFormed(await send({ query, ...(variables ? { variables } : {}) }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random request bodies that are not GraphQL requests at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { query: fc.jsonValue(), variables: fc.jsonValue(), operationName: fc.jsonValue(), extensions: fc.jsonValue() },
            { requiredKeys: [] },
          ),
        ),
        async (body) => {
          expectWellFormed(await send(body));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('still answers afterwards', async () => {
    const { body } = await gw.query(`{ streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } }`);
    expect(body).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
    expect((await fetch(gw.app.graphqlUrl.replace(/graphql$/, 'healthz'))).status).toBe(200);
  });
});
