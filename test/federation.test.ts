import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, demoFleet, findDemoChannel } from '../src/embedded-ivs/demo-data.js';
import { buildSchema } from '../src/graphql/schema.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

// Another team's subgraph, as a supergraph owner would bring it: streamers that point at IVS channels
// by ARN (and at a session by its key), without knowing anything else about IVS.
const streamerTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { streamers: [Streamer!]! }
  type Streamer @key(fields: "id") {
    id: ID!
    displayName: String!
    channel: Channel!
    lastBroadcast: StreamSession
  }
  type Channel @key(fields: "arn", resolvable: false) { arn: ID! }
  type StreamSession @key(fields: "channelArn streamId", resolvable: false) { channelArn: ID! streamId: ID! }
`);

// 50 streamers on 24 fleet channels of us-west-2 (repeats included) and the fullest session's channel.
const usWest = demoFleet.filter((f) => f.region === 'us-west-2');
const streamers = Array.from({ length: 50 }, (_, i) => {
  const fleet = usWest[i % usWest.length]!;
  return {
    id: `streamer-${i}`,
    displayName: `Streamer ${i}`,
    channel: { arn: i === 0 ? demo.fullest.channelArn : fleet.channelArn },
    lastBroadcast: i < 3 ? { channelArn: demo.fullest.channelArn, streamId: demo.fullest.streamId } : null,
  };
});

describe('Apollo Federation 2 subgraph', () => {
  let ivs: TestGateway;
  let streamerUrl: string;
  let stopStreamers: () => Promise<void>;
  let router: ApolloServer;

  beforeAll(async () => {
    ivs = await startTestGateway({ IVS_MAX_ATTEMPTS: '1' });
    const streamerServer = new ApolloServer({
      schema: buildSubgraphSchema([{ typeDefs: streamerTypeDefs, resolvers: { Query: { streamers: () => streamers } } }]),
    });
    streamerUrl = (await startStandaloneServer(streamerServer, { listen: { port: 0, host: '127.0.0.1' } })).url;
    stopStreamers = () => streamerServer.stop();

    const composed = composeServices([
      { name: 'ivs', typeDefs: parse(printSubgraphSchema(buildSchema())), url: ivs.app.graphqlUrl },
      { name: 'streamers', typeDefs: streamerTypeDefs, url: streamerUrl },
    ]);
    expect(composed.errors ?? []).toEqual([]);
    expect((composed.hints ?? []).map((h) => h.toString())).toEqual([]);
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl!,
      // Real HTTP to both subgraphs, so CSRF prevention, headers and JSON (de)serialisation are exercised.
      buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
    });
    router = new ApolloServer({ gateway });
    await router.start();
  });

  afterAll(async () => {
    await router?.stop();
    await stopStreamers?.();
    await ivs?.close();
  });

  const execute = async (query: string) => {
    const response = await router.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as {
      data?: Record<string, unknown>;
      errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
    };
  };

  it("resolves 50 streamers' channels through the router with one BatchGetChannel", async () => {
    ivs.ivs.resetCalls();
    const result = await execute('{ streamers { id channel { arn name type } } }');
    expect(result.errors).toBeUndefined();
    const rows = result.data!.streamers as Array<{ channel: { arn: string; name: string } }>;
    expect(rows).toHaveLength(50);
    for (const row of rows) expect(row.channel.name).toBe(findDemoChannel(ivs.ivs.data, row.channel.arn)!.channel.name);
    expect(ivs.ivs.callCount('BatchGetChannel')).toBe(1);
    expect((ivs.ivs.calls.find((c) => c.operation === 'BatchGetChannel')!.body as { arns: string[] }).arns).toHaveLength(
      new Set(rows.map((r) => r.channel.arn)).size,
    );
  });

  it('resolves repeated session references with one GetStreamSession', async () => {
    ivs.ivs.resetCalls();
    const result = await execute('{ streamers { lastBroadcast { streamId startTime channel { name } } } }');
    expect(result.errors).toBeUndefined();
    const sessions = (result.data!.streamers as Array<{ lastBroadcast: { streamId: string } | null }>).filter((s) => s.lastBroadcast);
    expect(sessions).toHaveLength(3);
    expect(sessions.every((s) => s.lastBroadcast!.streamId === demo.fullest.streamId)).toBe(true);
    expect(ivs.ivs.callCount('GetStreamSession')).toBe(1);
  });

  it('serves _service { sdl } with the entity keys', async () => {
    const { body } = await ivs.query('{ _service { sdl } }');
    const sdl = (body.data!._service as { sdl: string }).sdl;
    expect(sdl).toMatch(/type Channel\s+@key\(fields: "arn"\)/);
    expect(sdl).toMatch(/type StreamSession\s+@key\(fields: "channelArn streamId"\)/);
    expect(sdl).toMatch(/type Stream\s+@key\(fields: "channelArn"\)/);
  });

  it("answers a representation of an unknown type without leaving the others' rejections unhandled", async () => {
    const { body } = await ivs.query(`query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, {
      r: [
        { __typename: 'Channel', arn: 'not-an-arn' },
        { __typename: 'Streamer', id: '1' },
      ],
    });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'representations' });
    // Vitest fails the run on an unhandled rejection; give one the chance to surface.
    await new Promise((r) => setTimeout(r, 50));
  });

  it('answers a malformed key with BAD_USER_INPUT for that representation only', async () => {
    ivs.ivs.resetCalls();
    const { body } = await ivs.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { arn name } ... on Stream { channelArn state } } }`,
      {
        r: [
          { __typename: 'Channel', arn: demo.fullest.channelArn },
          { __typename: 'Channel', arn: 'not-an-arn' },
          { __typename: 'Stream', channelArn: demo.euLive.channelArn },
          { __typename: 'Stream', channelArn: demo.fullest.channelArn },
        ],
      },
    );
    expect(body.data!._entities).toEqual([
      { arn: demo.fullest.channelArn, name: findDemoChannel(ivs.ivs.data, demo.fullest.channelArn)!.channel.name },
      null,
      { channelArn: demo.euLive.channelArn, state: 'LIVE' },
      null, // offline: no live stream, and no error
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'arn' }) }),
    ]);
    expect(ivs.ivs.callCount('BatchGetChannel')).toBe(1);
  });
});
