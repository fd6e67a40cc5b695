import { Readable } from 'node:stream';
import type { IvsClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-ivs';
import type { DeserializeMiddleware } from '@smithy/types';

/**
 * Successful answers of these commands are read with one `JSON.parse` and handed over as IVS sent them
 * (timestamps stay RFC 3339 strings), instead of going through the SDK's schema deserializer.
 *
 * Why: profiling the gateway on a 500-event session showed the SDK's deserializer (walking the output
 * schema member by member, turning 502 timestamp strings into Dates that the DateTime scalar then
 * formats back into the same strings) as the largest single cost of a cache miss. Everything else
 * stays the SDK's: endpoint, signing, retries, the HTTP handler, and every error answer, which the
 * SDK still parses into its exceptions. A body that is not JSON is also left to the SDK, so it fails
 * exactly as before.
 */
export const RAW_JSON_COMMANDS: ReadonlySet<string> = new Set(['GetStreamSessionCommand']);

/** Size of the JSON body an output was read from (bytes), on outputs read raw. */
export const RAW_JSON_BYTES = Symbol('ivs-gateway raw JSON bytes');

const RAW = Symbol('ivs-gateway raw JSON');

/** Replace Date with string, recursively: what an output read raw holds where the SDK types say Date. */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

interface RawResult {
  json: object;
  bytes: number;
}

type Middleware = DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes>;
type HttpResponseLike = { statusCode?: number; body?: unknown };

/**
 * Installs the raw-JSON reading on a client; `onResponse` sees the status of every HTTP attempt
 * (retries included), which is where IVS's throttling answers can be counted.
 */
export function installRawJson(client: IvsClient, onResponse?: (commandName: string, statusCode: number) => void): void {
  // Innermost (closest to the HTTP handler): reads the body of a 2xx answer to a listed command.
  const capture: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    const response = result.response as HttpResponseLike;
    const status = response.statusCode ?? 0;
    const commandName = String(context.commandName);
    onResponse?.(commandName, status);
    if (!RAW_JSON_COMMANDS.has(commandName) || status < 200 || status >= 300 || !(response.body instanceof Readable)) return result;
    let body: Buffer;
    try {
      body = await collect(response.body);
    } catch (error) {
      // The SDK reports a broken body its own way: hand it a body that breaks the same way.
      response.body = failing(error);
      return result;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      response.body = Readable.from([body]);
      return result;
    }
    (context as Record<symbol, RawResult>)[RAW] = { json, bytes: body.length };
    response.body = Readable.from([Buffer.from('{}')]);
    return result;
  };
  // Outermost in the deserialize step: swaps the SDK's (empty) output for the answer as IVS sent it.
  const swap: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    const raw = (context as Record<symbol, RawResult | undefined>)[RAW];
    if (!raw) return result;
    const output = result.output as { $metadata?: unknown };
    return { ...result, output: { ...raw.json, $metadata: output.$metadata, [RAW_JSON_BYTES]: raw.bytes } as ServiceOutputTypes };
  };
  client.middlewareStack.addRelativeTo(capture, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'ivsGatewayRawJsonCapture' });
  client.middlewareStack.addRelativeTo(swap, { relation: 'before', toMiddleware: 'deserializerMiddleware', name: 'ivsGatewayRawJsonSwap' });
}

/** The whole body (events, not an async iterator: this runs once per IVS call). */
function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

function failing(error: unknown): Readable {
  return new Readable({
    read() {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  });
}
