/**
 * Benchmark peer: Mercurius on Fastify 5 with graphql-jit (`jit: 1`: an operation is compiled on its
 * first execution and run compiled from then on), the schema slice and resolvers of bench/peers/slice.ts.
 * Mercurius' own parse/validation LRU stays at its default; no other cache but the Map PEER_MODE=memory
 * fills. Run as a child process; reports its URL over IPC.
 */
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { dateTimeConfig, queryResolvers, typeDefs } from './slice.js';

const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema: typeDefs,
  resolvers: {
    Query: queryResolvers,
    // Mercurius copies a scalar's resolver properties onto the schema's type.
    DateTime: { serialize: dateTimeConfig.serialize, parseValue: dateTimeConfig.parseValue, parseLiteral: dateTimeConfig.parseLiteral },
  },
  jit: 1,
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.send?.({ url: `${address}/graphql` });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
