/**
 * What both benchmark peers serve (bench/peers/apollo.ts, bench/peers/mercurius.ts): the slice of the
 * gateway's schema that BENCH_QUERY selects (the `streamSession` query, `StreamSession`, `Channel`,
 * `StreamEvent`, their enums and `DateTime`, with the gateway's field names, nullability and enum values),
 * and plain resolvers that call GetStreamSession through @aws-sdk/client-ivs as bench/floor.ts does (one
 * client per region, the same settings). No DataLoader, no caching, no limiter.
 *
 * PEER_MODE=memory keeps every session fetched in a process-level Map keyed by (channelArn, streamId),
 * filled on its first fetch: the peer's counterpart of the gateway's data cache with the response cache off
 * (execution and serialization still run on every request). Any other value (default `miss`) calls IVS
 * every time.
 */
import { GetStreamSessionCommand, type StreamSession } from '@aws-sdk/client-ivs';
import { GraphQLError, Kind, type GraphQLScalarTypeConfig } from 'graphql';
import { clientFor } from '../sdk-clients.js';

export const typeDefs = /* GraphQL */ `
  scalar DateTime

  enum ChannelLatencyMode {
    NORMAL
    LOW
  }

  enum ChannelType {
    BASIC
    STANDARD
    ADVANCED_SD
    ADVANCED_HD
  }

  type Channel {
    arn: ID!
    name: String
    latencyMode: ChannelLatencyMode
    type: ChannelType
    playbackUrl: String
  }

  type StreamEvent {
    name: String
    type: String
    eventTime: DateTime
    code: String
  }

  type StreamSession {
    channelArn: ID!
    streamId: ID!
    startTime: DateTime
    endTime: DateTime
    channel: Channel
    truncatedEvents: [StreamEvent!]
  }

  type Query {
    streamSession(channelArn: ID!, streamId: ID): StreamSession
  }
`;

/** ISO 8601 strings out, as the gateway serves them: the SDK hands timestamps over as Dates. */
export const dateTimeConfig: GraphQLScalarTypeConfig<Date, string> = {
  name: 'DateTime',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError('DateTime cannot represent a non-date value');
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('DateTime must be a string');
    return new Date(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return new Date(ast.value);
  },
};

const inMemory = process.env.PEER_MODE === 'memory';

type Session = StreamSession & { channelArn: string };
const sessions = new Map<string, Session | null>();

async function fetchSession(channelArn: string, streamId: string | undefined): Promise<Session | null> {
  const region = channelArn.split(':')[3]!;
  const { streamSession } = await clientFor(region).send(new GetStreamSessionCommand({ channelArn, ...(streamId ? { streamId } : {}) }));
  return streamSession ? { ...streamSession, channelArn } : null;
}

export const queryResolvers = {
  async streamSession(_root: unknown, args: { channelArn: string; streamId?: string | null }): Promise<Session | null> {
    const streamId = args.streamId ?? undefined;
    if (!inMemory) return fetchSession(args.channelArn, streamId);
    const key = `${args.channelArn}\n${streamId ?? ''}`;
    const known = sessions.get(key);
    if (known !== undefined) return known;
    const session = await fetchSession(args.channelArn, streamId);
    sessions.set(key, session);
    return session;
  },
};
