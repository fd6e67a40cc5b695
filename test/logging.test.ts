import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, DEMO_SRT_PASSPHRASE, findDemoChannel } from '../src/embedded-ivs/demo-data.js';
import { createIssuer, jwtEnv, KEYS, type TestIssuer } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { UNCACHED } from './support/isolation.js';

const FULLEST = `query Fullest($arn: ID!) { streamSession(channelArn: $arn) { streamId channel { srt { endpoint passphrase } } } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('structured request logs', () => {
  let gw: TestGateway;
  let issuer: TestIssuer;
  let token: string;
  beforeAll(async () => {
    issuer = await createIssuer();
    token = await issuer.sign({ scope: 'sessions:read ingest:secrets', ivs_accounts: '*' });
    // trace: every line the gateway can write, so the secret grep below sees everything.
    gw = await startTestGateway(jwtEnv(issuer, { ...UNCACHED, LOG_LEVEL: 'trace', IVS_MAX_ATTEMPTS: '1' }));
  });
  afterAll(() => gw.close());

  const requestLines = () => gw.logs.filter((line) => line.msg === 'request');

  const post = (headers: Record<string, string>, query = FULLEST, variables: object = { arn: demo.fullest.channelArn }) =>
    gw.post({ query, variables }, headers);

  it('writes one JSON line per request: request id, operation, duration, IVS calls, error codes, status, principal', async () => {
    const { headers: responseHeaders, body } = await post({ 'x-api-key': KEYS.ops, 'x-request-id': 'client-req-42' });
    expect(responseHeaders.get('x-request-id')).toBe('client-req-42');
    expect(JSON.stringify(body)).toContain(DEMO_SRT_PASSPHRASE);
    const line = requestLines().find((l) => l.requestId === 'client-req-42');
    expect(line).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Fullest',
      ivsCalls: 1,
      errorCodes: [],
      principal: 'ops',
    });
    expect(line!.durationMs).toEqual(expect.any(Number));
  });

  it('makes a request id when the client sends none (or an unusable one), and echoes it', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { 'x-request-id': 'has spaces and "quotes"' },
      { 'x-request-id': 'x'.repeat(200) },
    ];
    for (const headers of variants) {
      const { headers: responseHeaders } = await post({ 'x-api-key': KEYS.ops, ...headers });
      const id = responseHeaders.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect(requestLines().some((l) => l.requestId === id)).toBe(true);
    }
  });

  it('logs error codes, and every line written while serving a request carries its id', async () => {
    await post(
      { 'x-api-key': KEYS.ops, 'x-request-id': 'denied-1' },
      `query Denied { streamSession(channelArn: "${demo.accessDenied.channelArn}") { streamId } }`,
    );
    const lines = gw.logs.filter((l) => l.requestId === 'denied-1');
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ operationName: 'Denied', ivsCalls: 1, errorCodes: ['FORBIDDEN'] });
    expect(lines.find((l) => l.msg === 'IVS GetStreamSession failed')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('logs refused requests too: 401 with the reason, 413, 404', async () => {
    await post({ 'x-api-key': 'definitely-wrong-key', 'x-request-id': 'bad-key' });
    await post({ authorization: `Bearer ${token.slice(0, -4)}AAAA`, 'x-request-id': 'bad-token' });
    await fetch(gw.app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.ops, 'x-request-id': 'too-big' },
      body: JSON.stringify({ query: 'x'.repeat(200_000) }),
    });
    await fetch(gw.app.graphqlUrl.replace(/graphql$/, 'nowhere'), { headers: { 'x-request-id': 'lost' } });
    const byId = (id: string) => requestLines().find((l) => l.requestId === id);
    expect(byId('bad-key')).toMatchObject({
      status: 401,
      errorCodes: ['UNAUTHENTICATED'],
      principal: null,
      authFailure: 'The API key is not valid.',
    });
    expect(byId('bad-token')).toMatchObject({
      status: 401,
      errorCodes: ['UNAUTHENTICATED'],
      authFailure: expect.stringMatching(/signature/),
    });
    expect(byId('too-big')).toMatchObject({ status: 413, errorCodes: ['LIMIT_EXCEEDED'] });
    expect(byId('lost')).toMatchObject({ status: 404, errorCodes: ['NOT_FOUND'] });
  });

  it('answers an unexpected error with INTERNAL_SERVER_ERROR and the request id; the detail is logged under that id', async () => {
    // IVS answering a session without its (required) streamId: the gateway cannot serve it.
    const newest = findDemoChannel(gw.ivs.data, demo.euLive.channelArn)!.sessions[0]!;
    const streamId = newest.streamId;
    delete (newest as { streamId?: string }).streamId;
    try {
      const { headers: responseHeaders, body } = await post(
        { 'x-api-key': KEYS.ops },
        `query Broken { streamSession(channelArn: "${demo.euLive.channelArn}") { streamId } }`,
      );
      const requestId = responseHeaders.get('x-request-id')!;
      expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } })]);
      const detail = gw.logs.find((l) => l.requestId === requestId && l.msg === 'unexpected error while executing an operation');
      expect(detail).toMatchObject({ level: 50 });
      expect(JSON.stringify(detail)).toMatch(/StreamSession\.streamId/);
    } finally {
      newest.streamId = streamId;
    }
  });

  it('never writes a secret: passphrases, API keys, bearer tokens, Authorization headers', async () => {
    await post({ authorization: `Bearer ${token}` });
    await post({ authorization: `ApiKey ${KEYS.ops}` });
    await post({ 'x-api-key': KEYS.reader });
    const log = gw.rawLog.join('\n');
    expect(log.length).toBeGreaterThan(1000);
    for (const secret of [DEMO_SRT_PASSPHRASE, KEYS.ops, KEYS.reader, 'definitely-wrong-key', token, token.split('.')[2]!]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/Bearer ey|ApiKey /);
  });
});
