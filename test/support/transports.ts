import type { GraphQLFormattedError } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { recordOperation } from './record-operations.js';

/** Every way a client can send an operation to the gateway. */
export const TRANSPORTS = ['http-post', 'http-get', 'graphql-ws', 'graphql-sse'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

/** What came back, the same shape whatever the transport: results in order, then the errors of a refusal. */
export interface Outcome {
  /** HTTP status (101 for WebSocket). */
  status: number;
  data: unknown[];
  errors: GraphQLFormattedError[];
}

/** Variables already written as JSON text: values too deep for JSON.stringify on this side. */
export interface RawVariables {
  json: string;
}

/**
 * Sends one operation over `transport` with `credentials` as headers (HTTP, SSE) or connection
 * parameters (WebSocket), and collects everything the gateway answered until the operation ended.
 */
export async function send(
  transport: TransportName,
  graphqlUrl: string,
  query: string,
  credentials: Record<string, string> = {},
  variables?: object | RawVariables,
): Promise<Outcome> {
  const raw = variables && 'json' in variables ? (variables as RawVariables).json : undefined;
  const variablesJson = raw ?? (variables === undefined ? undefined : JSON.stringify(variables));
  const body = `{"query":${JSON.stringify(query)}${variablesJson === undefined ? '' : `,"variables":${variablesJson}`}}`;
  switch (transport) {
    case 'http-post':
      return fromJson(await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...credentials }, body }));
    case 'http-get': {
      const params = new URLSearchParams({ query, ...(variablesJson !== undefined && { variables: variablesJson }) });
      // Apollo's CSRF prevention wants a preflight-forcing header on GET.
      return fromJson(await fetch(`${graphqlUrl}?${params}`, { headers: { 'apollo-require-preflight': 'true', ...credentials } }));
    }
    case 'graphql-sse':
      return fromSse(
        await fetch(graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...credentials },
          body,
        }),
      );
    case 'graphql-ws':
      return raw === undefined ? overWebSocket(graphqlUrl, query, credentials, variables) : overRawWebSocket(graphqlUrl, body, credentials);
  }
}

async function fromJson(response: Response): Promise<Outcome> {
  const body = (await response.json()) as { data?: unknown; errors?: GraphQLFormattedError[] };
  return { status: response.status, data: body.data === undefined ? [] : [body.data], errors: body.errors ?? [] };
}

async function fromSse(response: Response): Promise<Outcome> {
  if (response.headers.get('content-type')?.includes('application/json')) return fromJson(response);
  const outcome: Outcome = { status: response.status, data: [], errors: [] };
  for (const event of (await response.text()).split('\n\n')) {
    const lines = event.split('\n');
    if (!lines.includes('event: next')) continue;
    const payload = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice('data: '.length)) as {
      data?: unknown;
      errors?: GraphQLFormattedError[];
    };
    if (payload.data !== undefined) outcome.data.push(payload.data);
    outcome.errors.push(...(payload.errors ?? []));
  }
  return outcome;
}

function overWebSocket(graphqlUrl: string, query: string, connectionParams: Record<string, string>, variables?: object): Promise<Outcome> {
  const client = createWsClient({ url: graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
  const outcome: Outcome = { status: 101, data: [], errors: [] };
  recordOperation({ query, variables });
  return new Promise<Outcome>((resolve) => {
    client.subscribe(
      { query, ...(variables && { variables: variables as Record<string, unknown> }) },
      {
        next: (value) => {
          if (value.data !== undefined) outcome.data.push(value.data);
          outcome.errors.push(...((value.errors as GraphQLFormattedError[] | undefined) ?? []));
        },
        // graphql-ws hands a refusal's errors as an array, a closed socket as its CloseEvent.
        error: (error) => {
          if (Array.isArray(error)) outcome.errors.push(...(error as GraphQLFormattedError[]));
          else
            outcome.errors.push({
              message: `socket closed: ${(error as { code?: number; reason?: string }).code} ${(error as { reason?: string }).reason}`,
            });
          resolve(outcome);
        },
        complete: () => resolve(outcome),
      },
    );
  }).finally(() => client.dispose());
}

/** The graphql-transport-ws protocol by hand, for a subscribe payload the client library could not serialize. */
async function overRawWebSocket(graphqlUrl: string, payloadJson: string, connectionParams: Record<string, string>): Promise<Outcome> {
  const socket = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const outcome: Outcome = { status: 101, data: [], errors: [] };
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return new Promise<Outcome>((resolve) => {
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') socket.send(`{"id":"1","type":"subscribe","payload":${payloadJson}}`);
      if (message.type === 'next') {
        const { data, errors } = message.payload as { data?: unknown; errors?: GraphQLFormattedError[] };
        if (data !== undefined) outcome.data.push(data);
        outcome.errors.push(...(errors ?? []));
      }
      if (message.type === 'error') outcome.errors.push(...(message.payload as GraphQLFormattedError[]));
      if (message.type === 'error' || message.type === 'complete') socket.close(1000);
    });
    socket.once('close', () => resolve(outcome));
    socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
  });
}
