import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestCachePolicy } from '../cache/policy.js';

/**
 * Sets Cache-Control on every GraphQL response from the request's RequestCachePolicy (what the data it
 * served allows): `max-age=N, public` for anonymous requests, `max-age=N, private` when credentials
 * were used, `no-store` for responses with errors, for streams of results, for anything that read
 * no IVS data or data that was not cached, and for principals that may read stream secrets. The
 * format is Apollo's, so CDNs, browsers and the response cache read it the same way.
 *
 * Used instead of Apollo's cache-control plugin (disabled in src/http/server.ts), which runs a hook for
 * every field of every response: on a 500-event session that is 2,000 hooks per request.
 */
export function cacheControlPlugin<C extends BaseContext & { cachePolicy?: RequestCachePolicy }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const policy = contextValue.cachePolicy;
          const header = single && policy ? policy.header(single.errors !== undefined && single.errors.length > 0) : 'no-store';
          response.http.headers.set('cache-control', header);
        },
      };
    },
  };
}
