import { Readable } from 'node:stream';
import type { IvsClient, IvsClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-ivs';
import type { Command, DeserializeMiddleware } from '@smithy/types';

/**
 * `sendRaw` reads a command's successful answer with one `JSON.parse` and hands it over as IVS sent
 * it (timestamps stay RFC 3339 strings), instead of going through the SDK's schema deserializer.
 *
 * Why: profiling the gateway on a 500-event session showed the SDK's deserializer (walking the output
 * schema member by member, turning 502 timestamp strings into Dates that the DateTime scalar then
 * formats back into the same strings) as the largest single cost of a cache miss. Everything else
 * stays the SDK's: endpoint, signing, retries, the HTTP handler, and every error answer, which the
 * SDK still parses into its exceptions. A body that is not a JSON object is also left to the SDK, so
 * it fails (or not) exactly as it would have.
 */

/** Replace Date with string, recursively: what an output read raw holds where the SDK types say Date. */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

interface RawResult {
  /** Undefined: the body was not a JSON object, and the SDK read it. */
  json: object | undefined;
  bytes: number;
}

type Middleware = DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes>;
type HttpResponseLike = { statusCode?: number; body?: unknown };
type IvsCommand<Input extends ServiceInputTypes, Output extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  Input,
  ServiceOutputTypes,
  Output,
  IvsClientResolvedConfig
>;

/**
 * Sends `command` with its successful answer read as IVS sent it (see above): the output, typed as the
 * wire form, and the size of the JSON body it was read from (bytes; undefined when the SDK read a body
 * that was not a JSON object). Only this command is read raw; the client's other commands are not.
 */
export async function sendRaw<Input extends ServiceInputTypes, Output extends ServiceOutputTypes>(
  client: IvsClient,
  command: IvsCommand<Input, Output>,
  abortSignal: AbortSignal,
): Promise<{ output: Wire<Output>; bytes: number | undefined }> {
  let raw: RawResult | undefined;
  // Innermost (closest to the HTTP handler), once per attempt: reads the body of a 2xx answer.
  const capture: DeserializeMiddleware<Input, Output> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as HttpResponseLike;
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300 || !(response.body instanceof Readable)) return result;
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
      raw = { json: undefined, bytes: body.length };
      response.body = Readable.from([body]);
      return result;
    }
    raw = { json, bytes: body.length };
    response.body = Readable.from([Buffer.from('{}')]);
    return result;
  };
  // Outermost in the deserialize step: swaps the SDK's (empty) output for the answer as IVS sent it.
  const swap: DeserializeMiddleware<Input, Output> = (next) => async (args) => {
    const result = await next(args);
    if (!raw?.json) return result;
    const output = result.output as { $metadata?: unknown };
    return { ...result, output: { ...raw.json, $metadata: output.$metadata } as Output };
  };
  command.middlewareStack.addRelativeTo(capture, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'ivsGatewayRawJsonCapture',
  });
  command.middlewareStack.addRelativeTo(swap, {
    relation: 'before',
    toMiddleware: 'deserializerMiddleware',
    name: 'ivsGatewayRawJsonSwap',
  });
  const output = await client.send(command, { abortSignal });
  // Read raw: the wire form. Otherwise the SDK read a body that was not a JSON object, which holds no timestamps.
  return { output: output as unknown as Wire<Output>, bytes: raw?.bytes };
}

/**
 * Lets `onResponse` see the status of every HTTP attempt of every command on a client (retries
 * included), which is where IVS's throttling answers can be counted.
 */
export function observeResponses(client: IvsClient, onResponse: (commandName: string, statusCode: number) => void): void {
  const observe: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    onResponse(String(context.commandName), (result.response as HttpResponseLike).statusCode ?? 0);
    return result;
  };
  client.middlewareStack.addRelativeTo(observe, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'ivsGatewayResponseObserver',
  });
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
