import type { BaseContext, ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { loadGraphiqlAssets, serveGraphiqlAssets } from './assets.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { renderGraphiqlPage } from './page.js';

export { EXAMPLE_QUERY } from './example-query.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

export interface Graphiql {
  /** Apollo serves this page on `GET <endpoint>` when the browser prefers `text/html`. */
  landingPage: ApolloServerPlugin<BaseContext>;
  /** Mount at `assetsPath`: the page's script, stylesheet, favicon and Monaco workers. */
  assets: RequestHandler;
  assetsPath: string;
}

/**
 * Self-hosted GraphiQL for the gateway: an Apollo landing-page plugin and an Express handler for its
 * static files. The HTML is built here, once; the page then loads everything from the gateway itself.
 */
export async function createGraphiql(options: { endpoint: string; title?: string }): Promise<Graphiql> {
  const assets = await loadGraphiqlAssets();
  const html = renderGraphiqlPage(assets, {
    endpoint: options.endpoint,
    title: options.title ?? 'IVS GraphQL gateway',
    defaultQuery: EXAMPLE_QUERY,
    assetsPath: GRAPHIQL_ASSETS_PATH,
  });
  return {
    landingPage: {
      async serverWillStart() {
        return {
          async renderLandingPage() {
            return { html };
          },
        };
      },
    },
    assets: serveGraphiqlAssets(assets),
    assetsPath: GRAPHIQL_ASSETS_PATH,
  };
}
