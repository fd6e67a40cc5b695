import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { generatePersistedQueryManifest, type PersistedQueryManifest } from '@apollo/generate-persisted-query-manifest';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { createClient as createWsClient } from 'graphql-ws';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError } from '../src/config/load.js';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { API_KEYS, KEYS } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { send, TRANSPORTS } from './support/transports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPERATIONS = join(ROOT, 'test/fixtures/trusted-operations');
const readOperation = (file: string) => readFileSync(join(OPERATIONS, file), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A document no manifest lists. */
const FREE_FORM = `query FreeForm($channelArn: ID!) { streamSession(channelArn: $channelArn) { streamId } }`;
const READER = { 'x-api-key': KEYS.reader };
const OPERATOR = { 'x-api-key': KEYS.operator };

const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
let manifest: PersistedQueryManifest;
let manifestFile: string;

/** The manifest as the client's build writes it: @apollo/generate-persisted-query-manifest over the operation files. */
beforeAll(async () => {
  manifest = await generatePersistedQueryManifest({ documents: [join(OPERATIONS, '*.graphql')] }, undefined);
  manifestFile = join(dir, 'persisted-query-manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listed = (name: string) => manifest.operations.find((operation) => operation.name === name)!;

/** Apollo Client as an app using persisted-query lists sets it up: ids from the manifest, HTTP for queries, graphql-ws for subscriptions. */
function apolloClient(gw: TestGateway, credentials: Record<string, string>) {
  const wsClient = createWsClient({
    url: gw.app.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: credentials,
    retryAttempts: 0,
  });
  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(wsClient),
    new HttpLink({ uri: gw.app.graphqlUrl, headers: credentials }),
  );
  const persisted = new PersistedQueryLink(generatePersistedQueryIdsFromManifest({ loadManifest: () => manifest }));
  const client = new ApolloClient({ link: persisted.concat(transport), cache: new InMemoryCache() });
  return { client, close: () => wsClient.dispose() };
}

async function post(gw: TestGateway, body: object, credentials = READER) {
  return gw.post(body, credentials);
}

async function get(gw: TestGateway, params: Record<string, string>, credentials = READER) {
  const response = await fetch(`${gw.app.graphqlUrl}?${new URLSearchParams(params)}`, {
    headers: { 'apollo-require-preflight': 'true', ...credentials },
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> },
  };
}

const codeOf = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => body.errors?.[0]?.extensions?.code;

describe('trusted documents, require mode (TRUSTED_DOCUMENTS_MODE=require, the default with a manifest)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ TRUSTED_DOCUMENTS: manifestFile, API_KEYS, ALLOW_ANONYMOUS: 'false', LIVE_POLL_INTERVAL_MS: '200' });
  });
  afterAll(() => gw.close());

  it('serves the listed operations to Apollo Client: a query over HTTP, a subscription over graphql-ws', async () => {
    const { client, close } = apolloClient(gw, READER);
    try {
      const { data } = await client.query({
        query: gql(readOperation('session-id.graphql')),
        variables: { channelArn: demo.fullest.channelArn },
      });
      expect(data).toMatchObject({ streamSession: { channelArn: demo.fullest.channelArn, streamId: demo.fullest.streamId } });
      const first = await firstValueFrom(
        client.subscribe({ query: gql(readOperation('stream-changed.graphql')), variables: { arn: demo.euLive.channelArn } }),
      );
      expect(first.error).toBeUndefined();
      expect(first.data).toMatchObject({ streamChanged: { channelArn: demo.euLive.channelArn, changes: ['CURRENT'] } });
    } finally {
      await close();
    }
  });

  it('sends the ids only over HTTP: Apollo Client sent no document text', async () => {
    // What the persisted-query link sends, by hand: the id alone.
    const { status, body } = await post(gw, {
      operationName: 'SessionId',
      variables: { channelArn: demo.fullest.channelArn },
      extensions: { persistedQuery: { version: 1, sha256Hash: listed('SessionId').id } },
    });
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ streamSession: { streamId: demo.fullest.streamId } });
  });

  it.each(TRANSPORTS)('refuses a free-form document with PERSISTED_QUERY_NOT_IN_LIST over %s', async (transport) => {
    const outcome = await send(transport, gw.app.graphqlUrl, FREE_FORM, READER, { channelArn: demo.fullest.channelArn });
    expect(outcome.data).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } });
    expect(outcome.errors[0]!.message).toMatch(/trusted documents only.*send its id.*documents:any/);
    if (transport !== 'graphql-ws') expect(outcome.status).toBe(400);
  });

  it.each(TRANSPORTS)(
    'refuses a listed document sent as text with PERSISTED_QUERY_ID_REQUIRED, naming its id, over %s',
    async (transport) => {
      const { id, body } = listed('SessionId');
      const outcome = await send(transport, gw.app.graphqlUrl, body, READER, { channelArn: demo.fullest.channelArn });
      expect(outcome.errors[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } });
      expect(outcome.errors[0]!.message).toContain(id);
    },
  );

  it('refuses an unknown id with PERSISTED_QUERY_NOT_IN_LIST, in either form, over HTTP and graphql-ws', async () => {
    const unknown = sha256('not listed');
    for (const body of [{ extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }, { documentId: unknown }]) {
      const { status, body: answer } = await post(gw, body);
      expect(status).toBe(400);
      expect(codeOf(answer)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(answer.errors?.[0]?.message).toContain(unknown);
    }
    const { status, body } = await get(gw, { documentId: unknown });
    expect([status, codeOf(body)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    const overWs = await rawWs(gw, { query: '', documentId: unknown });
    expect(overWs[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } });
  });

  it('serves the documentId form over POST, GET, graphql-ws and graphql-sse', async () => {
    const { id } = listed('SessionId');
    const variables = { channelArn: demo.fullest.channelArn };
    const expected = {
      streamSession: { channelArn: demo.fullest.channelArn, streamId: demo.fullest.streamId, __typename: 'StreamSession' },
    };
    const viaPost = await post(gw, { documentId: id, variables });
    expect([viaPost.status, viaPost.body.data]).toEqual([200, expected]);
    const viaGet = await get(gw, { documentId: id, variables: JSON.stringify(variables) });
    expect([viaGet.status, viaGet.body.data]).toEqual([200, expected]);
    const viaWs = await rawWs(gw, { query: '', documentId: id, variables }, 'data');
    expect(viaWs).toEqual([expected]);
    const viaSse = await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...READER },
      body: JSON.stringify({ documentId: id, variables }),
    });
    expect(viaSse.status).toBe(200);
    expect(await viaSse.text()).toContain(JSON.stringify({ data: expected }));
  });

  it('refuses an id sent with a document that is not the listed one (the id is looked up, not the text hashed)', async () => {
    const { id } = listed('SessionId');
    for (const body of [
      { documentId: id, query: FREE_FORM },
      { query: FREE_FORM, extensions: { persistedQuery: { version: 1, sha256Hash: id } } },
    ]) {
      const { status, body: answer } = await post(gw, { ...body, variables: { channelArn: demo.fullest.channelArn } });
      expect([status, codeOf(answer)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    }
    // With its own text, exactly: served.
    const { status, body } = await post(gw, {
      documentId: id,
      query: listed('SessionId').body,
      variables: { channelArn: demo.fullest.channelArn },
    });
    expect([status, body.errors]).toEqual([200, undefined]);
  });

  it('lets automatic persisted queries register no new document', async () => {
    const hash = sha256(FREE_FORM);
    const variables = { channelArn: demo.fullest.channelArn };
    const register = await post(gw, { query: FREE_FORM, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect([register.status, codeOf(register.body)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    const replay = await post(gw, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect([replay.status, codeOf(replay.body)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
  });

  it.each(TRANSPORTS)('serves free-form documents to credentials with the documents:any scope over %s', async (transport) => {
    const outcome = await send(transport, gw.app.graphqlUrl, FREE_FORM, OPERATOR, { channelArn: demo.fullest.channelArn });
    expect(outcome.errors).toEqual([]);
    expect(outcome.data).toEqual([{ streamSession: { streamId: demo.fullest.streamId } }]);
  });
});

describe('trusted documents, allow mode', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ TRUSTED_DOCUMENTS: manifestFile, TRUSTED_DOCUMENTS_MODE: 'allow', API_KEYS, ALLOW_ANONYMOUS: 'false' });
  });
  afterAll(() => gw.close());

  it('serves the listed ids and free-form documents, automatic persisted queries included', async () => {
    const { client, close } = apolloClient(gw, READER);
    try {
      const { data } = await client.query({
        query: gql(readOperation('session-id.graphql')),
        variables: { channelArn: demo.fullest.channelArn },
      });
      expect(data).toMatchObject({ streamSession: { streamId: demo.fullest.streamId } });
    } finally {
      await close();
    }
    for (const transport of TRANSPORTS) {
      const outcome = await send(transport, gw.app.graphqlUrl, FREE_FORM, READER, { channelArn: demo.fullest.channelArn });
      expect(outcome.errors, transport).toEqual([]);
    }
    const hash = sha256(FREE_FORM);
    const variables = { channelArn: demo.fullest.channelArn };
    const first = await post(gw, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(codeOf(first.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post(gw, { query: FREE_FORM, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(register.body.errors).toBeUndefined();
    const replay = await post(gw, { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(replay.body).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
    // An unknown documentId is never an automatic persisted query.
    const unknown = await post(gw, { documentId: hash, variables });
    expect([unknown.status, codeOf(unknown.body)]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
  });
});

describe('the manifest is checked at start-up', () => {
  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('stops start-up with one line naming a document that does not validate against the schema', async () => {
    const file = write('invalid.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [...manifest.operations, { id: 'abc123', name: 'Broken', type: 'query', body: 'query Broken { noSuchField }' }],
    });
    const failure = startTestGateway({ TRUSTED_DOCUMENTS: file });
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(
      /^Invalid TRUSTED_DOCUMENTS=".*invalid\.json": operation "Broken" \(id abc123\) does not validate: Cannot query field "noSuchField" on type "Query"\./,
    );
  });

  it('accepts a Relay map, and names the entry of one that does not parse', async () => {
    const relay = write('relay.json', { 'relay-1': listed('SessionId').body });
    const gw = await startTestGateway({ TRUSTED_DOCUMENTS: relay, API_KEYS });
    try {
      const { status, body } = await post(gw, { documentId: 'relay-1', variables: { channelArn: demo.fullest.channelArn } });
      expect([status, body.errors]).toEqual([200, undefined]);
    } finally {
      await gw.close();
    }
    const broken = write('relay-broken.json', { 'relay-2': 'query {' });
    await expect(startTestGateway({ TRUSTED_DOCUMENTS: broken })).rejects.toThrow(/operation id relay-2 does not parse: Syntax Error/);
  });

  it('the process exits 1 with that one line on stderr (src/main.ts)', async () => {
    const file = write('invalid-process.json', { 'bad-1': '{ streamSession { streamId } }' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, TRUSTED_DOCUMENTS: file, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^ivs-graphql-gateway: Invalid TRUSTED_DOCUMENTS=.*operation id bad-1 does not validate: Field "streamSession" argument "channelArn"/,
    );
  });
});

/** One graphql-ws operation by hand (graphql-ws's client needs a `query`; the id rides next to an empty one). */
async function rawWs(gw: TestGateway, payload: object, want: 'errors' | 'data' = 'errors'): Promise<unknown[]> {
  const socket = new WebSocket(gw.app.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await once(socket, 'open');
  const results: unknown[] = [];
  const done = new Promise<void>((resolve) => {
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { type: string; payload?: { data?: unknown } | unknown[] };
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
      if (message.type === 'next' && want === 'data') results.push((message.payload as { data?: unknown }).data);
      if (message.type === 'error' && want === 'errors') results.push(...(message.payload as unknown[]));
      if (message.type === 'error' || message.type === 'complete') {
        socket.close(1000);
        resolve();
      }
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: READER }));
  await done;
  return results;
}
