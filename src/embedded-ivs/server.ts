/**
 * The embedded IVS: an HTTP server speaking the IVS restJson1 protocol the way
 * `@aws-sdk/client-ivs` sends and parses it, serving the demo data. One server stands in for every
 * region: the region comes from each request's SigV4 credential scope.
 *
 * It shares nothing with the gateway but the wire protocol, so it cannot hide a gateway bug.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDemoData, type DemoData } from './demo-data.js';
import { InFlightTracker } from './in-flight.js';
import { parseRequestBody } from './input-validation.js';
import { findOperation, type TransportFault } from './operations.js';
import { parseCredentialScope } from './sigv4.js';
import { serviceError, unknownOperation, unrecognizedClient, WireError, wrongSigningService } from './wire-errors.js';

export interface RecordedCall {
  /** Operation name, or `METHOD /path` for a request that matched no operation. */
  readonly operation: string;
  /** Region of the SigV4 credential scope; null for a request without a valid signature header. */
  readonly region: string | null;
  /** The request body: parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** Arrival time, epoch milliseconds. */
  readonly at: number;
}

export interface EmbeddedIvsOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The data to serve (and mutate through `EmbeddedIvs.data`); default: a fresh createDemoData(). */
  data?: DemoData;
  /** Delay before every successful answer, so tests can observe concurrency. Default 0. */
  latencyMs?: number;
}

export interface EmbeddedIvs {
  /** Base URL for the SDK's `endpoint`, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The live data store being served: changes apply to the next request. */
  readonly data: DemoData;
  /** Every request in arrival order, including rejected ones. */
  readonly calls: readonly RecordedCall[];
  callCount(operation?: string, filter?: (call: RecordedCall) => boolean): number;
  /** Highest number of concurrent signed requests (of `operation`, if given) seen within one region (`region`, or the busiest region). */
  maxInFlight(operation?: string, region?: string): number;
  /** Highest number of concurrent signed requests seen, per region. */
  readonly maxInFlightByRegion: Readonly<Record<string, number>>;
  /** Clears `calls` and the in-flight peaks. */
  resetCalls(): void;
  /** Stops listening and drops open connections, including pending slow answers. */
  close(): Promise<void>;
}

/**
 * Longer than any client keeps an idle pooled socket, so the server never closes a socket at the
 * moment the SDK reuses it (which surfaces as ECONNRESET); close() drops idle sockets anyway.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

const INTERNAL_ERROR_MESSAGE = 'Unexpected error during processing of request.';

function sendJson(res: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Fault injection: a 200 whose body is not JSON, or a normal status line and headers with half of
 * the body before the connection is destroyed (what a reset in the middle of a response looks like).
 */
function breakExchange(res: ServerResponse, fault: TransportFault, output: object): void {
  const payload = Buffer.from(JSON.stringify(output));
  if (fault === 'malformed-json') {
    const broken = Buffer.from('{"streamSession": {"streamId": "st-');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': broken.length });
    res.end(broken);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function recordedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmbeddedIvs(options: EmbeddedIvsOptions = {}): Promise<EmbeddedIvs> {
  const host = options.host ?? '127.0.0.1';
  const data = options.data ?? createDemoData();
  const latencyMs = options.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  const inFlight = new InFlightTracker();
  // Aborted by close(): cuts every pending delay short so no timer outlives the server.
  const closing = new AbortController();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-amzn-RequestId', randomUUID());
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://embedded-ivs').pathname;
    const scope = parseCredentialScope(req.headers.authorization);
    const operation = findOperation(method, path);
    const operationName = operation?.name ?? `${method} ${path}`;

    const leave = scope && inFlight.enter(operationName, scope.region);
    const gone = new AbortController();
    res.once('close', () => {
      leave?.();
      gone.abort();
    });

    try {
      const text = await readBody(req);
      calls.push({ operation: operationName, region: scope?.region ?? null, body: recordedBody(text), at: Date.now() });
      if (!scope) throw unrecognizedClient();
      if (scope.service !== 'ivs') throw wrongSigningService(scope.service);
      if (!operation) throw unknownOperation(method, path);

      const result = operation.handle(parseRequestBody(text), { region: scope.region, data });
      const delayMs = latencyMs + result.delayMs;
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: AbortSignal.any([closing.signal, gone.signal]) });
      if (result.transport) breakExchange(res, result.transport, result.output);
      else sendJson(res, 200, result.output);
    } catch (error) {
      if (closing.signal.aborted || gone.signal.aborted) {
        res.destroy();
        return;
      }
      if (!(error instanceof WireError)) console.error('embedded IVS: unexpected error', error);
      const wireError = error instanceof WireError ? error : serviceError('InternalServerException', INTERNAL_ERROR_MESSAGE);
      res.setHeader('x-amzn-ErrorType', wireError.errorType);
      sendJson(res, wireError.status, wireError.body);
    }
  }

  const server = createServer((req, res) => void answer(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const address = await listen(server, options.port ?? 0, host);
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve, reject) => {
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    url: `http://${urlHost}:${address.port}`,
    data,
    calls,
    callCount: (operation, filter) =>
      calls.filter((call) => (operation === undefined || call.operation === operation) && (filter?.(call) ?? true)).length,
    maxInFlight: (operation, region) => inFlight.peak(operation, region),
    get maxInFlightByRegion() {
      return inFlight.peaksByRegion();
    },
    resetCalls() {
      calls.length = 0;
      inFlight.resetPeaks();
    },
    close,
  };
}
