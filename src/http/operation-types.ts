import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * Operations this HTTP endpoint does not execute, refused with a 400 that says what to do instead.
 * graphql-js would otherwise fail them at execution with an uncoded error: a mutation (the schema has
 * none), or a subscription sent as a plain JSON request (it has no event stream to run on).
 */
export function refuseUnservedOperations(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, schema }) {
          if (operation?.operation === 'mutation' && !schema.getMutationType()) {
            throw badRequest('This API is read-only: it has no mutations. Send a query (or a subscription over WebSocket or Server-Sent Events).');
          }
          if (operation?.operation === 'subscription') {
            throw badRequest(
              'Subscriptions are served over WebSocket (graphql-ws protocol, on this same URL with ws:// or wss://) or Server-Sent Events (graphql-sse protocol: this same URL with Accept: text/event-stream), not as plain JSON.',
            );
          }
        },
      };
    },
  };
}
