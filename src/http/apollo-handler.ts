import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server on an Express route (what `@as-integrations/express5` does) without two costs its
 * profile showed on every request: `url.parse` of the whole URL, where only the query string is
 * needed, and Express's `res.send`, which turns the body into bytes to hash it for an ETag (GraphQL
 * answers are not revalidated) and again to write it. Here the body becomes bytes once; the response
 * cache keeps those same bytes. Apollo's own work (content negotiation, CSRF prevention, batching,
 * the pipeline) is unchanged.
 */
export function apolloHandler<C extends BaseContext>(
  server: ApolloServer<C>,
  context: (req: Request, res: Response) => Promise<C>,
): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query < 0 ? '' : req.url.slice(query), body: req.body },
      context: () => context(req, res),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = Buffer.from(response.body.string);
      res.setHeader('content-length', body.length);
      res.end(body);
      return;
    }
    // Incremental delivery (multipart): each part as Apollo produces it.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
