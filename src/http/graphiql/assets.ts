import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { RequestHandler } from 'express';

const gzipAsync = promisify(gzip);

/** One static file of the GraphiQL page, held in memory. */
interface Asset {
  contentType: string;
  body: Buffer;
  /** Compressed on first request, then kept: most of the bundle is JavaScript that gzips about 4:1. */
  gzipped?: Promise<Buffer>;
}

export interface GraphiqlAssets {
  /** Changes whenever any asset's bytes change, so every asset URL can be cached forever. */
  version: string;
  /** File name → asset, e.g. `graphiql.js`. */
  files: ReadonlyMap<string, Asset>;
}

export const ASSET_NAMES = {
  script: 'graphiql.js',
  style: 'graphiql.css',
  favicon: 'favicon.ico',
  editorWorker: 'editor.worker.js',
  jsonWorker: 'json.worker.js',
  graphqlWorker: 'graphql.worker.js',
} as const;

let loading: Promise<GraphiqlAssets> | undefined;

/**
 * GraphiQL 5 (React 19, Monaco, the explorer plugin) prebuilt by GraphQL Yoga into one UMD script, a
 * stylesheet with its fonts inlined, and three Monaco web-worker scripts. `@graphql-yoga/render-graphiql`
 * ships them as strings, so nothing is fetched from a CDN. Loaded once per process, on first use.
 */
export function loadGraphiqlAssets(): Promise<GraphiqlAssets> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const js = 'application/javascript; charset=utf-8';
    const files = new Map<string, Asset>([
      [ASSET_NAMES.script, { contentType: js, body: Buffer.from(bundle.js) }],
      [ASSET_NAMES.style, { contentType: 'text/css; charset=utf-8', body: Buffer.from(bundle.css) }],
      [ASSET_NAMES.favicon, { contentType: 'image/x-icon', body: fromDataUrl(bundle.favicon) }],
      [ASSET_NAMES.editorWorker, { contentType: js, body: Buffer.from(bundle.editorWorkerService) }],
      [ASSET_NAMES.jsonWorker, { contentType: js, body: Buffer.from(bundle.jsonWorker) }],
      [ASSET_NAMES.graphqlWorker, { contentType: js, body: Buffer.from(bundle.graphqlWorker) }],
    ]);
    const hash = createHash('sha256');
    for (const [name, asset] of files) hash.update(name).update(asset.body);
    return { version: hash.digest('hex').slice(0, 16), files };
  }, notInstalled);
  return loading;
}

// An optional dependency: the production image leaves it out unless built with GRAPHIQL=true.
function notInstalled(error: unknown): never {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  throw new Error(
    'GRAPHIQL is on, but @graphql-yoga/render-graphiql is not installed (an image built without it); set GRAPHIQL=false, or build with --build-arg GRAPHIQL=true.',
  );
}

function fromDataUrl(url: string): Buffer {
  const match = /^data:[^;,]+;base64,(.*)$/s.exec(url);
  if (!match) throw new Error('GraphiQL favicon is not a base64 data URL');
  return Buffer.from(match[1]!, 'base64');
}

/**
 * Serves `/<version>/<file>` from memory with `immutable` caching (the version is a content hash, so a
 * new bundle gets new URLs) and gzip when the browser accepts it. Any other path is left to the next
 * handler (the gateway's JSON 404).
 */
export function serveGraphiqlAssets(assets: GraphiqlAssets): RequestHandler {
  const etag = `"${assets.version}"`;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const [, version, name, ...rest] = req.path.split('/');
    const asset = version === assets.version && name && rest.length === 0 ? assets.files.get(name) : undefined;
    if (!asset) return next();

    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    // No Accept-Encoding header (curl, scripts): plain bytes, though negotiation would allow gzip.
    if (req.headers['accept-encoding'] === undefined || req.acceptsEncodings('gzip') !== 'gzip') {
      res.setHeader('Content-Length', asset.body.length);
      res.end(asset.body);
      return;
    }
    asset.gzipped ??= gzipAsync(asset.body);
    asset.gzipped.then(
      (body) => {
        res.setHeader('Content-Encoding', 'gzip');
        res.setHeader('Content-Length', body.length);
        res.end(body);
      },
      (error: unknown) => {
        asset.gzipped = undefined;
        next(error);
      },
    );
  };
}
