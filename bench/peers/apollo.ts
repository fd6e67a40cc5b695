/**
 * Benchmark peer: Apollo Server 5 as its documentation sets it up, `startStandaloneServer` (node:http, CORS,
 * body-parser) with `typeDefs` and `resolvers` (bench/peers/slice.ts), graphql-js executing. Default plugins
 * only; no cache but the Map PEER_MODE=memory fills. Run as a child process; reports its URL over IPC.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLScalarType } from 'graphql';
import { dateTimeConfig, queryResolvers, typeDefs } from './slice.js';

const server = new ApolloServer({ typeDefs, resolvers: { Query: queryResolvers, DateTime: new GraphQLScalarType(dateTimeConfig) } });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
process.send?.({ url: new URL('/graphql', url).href });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
