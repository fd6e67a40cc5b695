import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, DEMO_LAB_ACCOUNT_ID, DEMO_SRT_PASSPHRASE } from '../src/embedded-ivs/demo-data.js';
import { guarded } from '../src/auth/access.js';
import type { Principal } from '../src/auth/principal.js';
import { API_KEYS, AUDIENCE, createIssuer, ISSUER, jwtEnv, KEYS, serveJwks, type TestIssuer } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { UNCACHED } from './support/isolation.js';

const SESSION = `query($arn: ID!) { streamSession(channelArn: $arn) { streamId } }`;
const PASSPHRASE = `query($arn: ID!) { streamSession(channelArn: $arn) { channel { srt { endpoint passphrase } } } }`;

/** POST a query with the given headers; the body is parsed whatever the status. */
async function post(
  gw: TestGateway,
  headers: Record<string, string>,
  query = SESSION,
  variables: object = { arn: demo.fullest.channelArn },
) {
  return gw.post({ query, variables }, headers);
}

describe('authentication (API keys and JWT, anonymous off)', () => {
  let gw: TestGateway;
  let issuer: TestIssuer;
  let stranger: TestIssuer;
  beforeAll(async () => {
    [issuer, stranger] = await Promise.all([createIssuer(), createIssuer('test-key-1')]);
    gw = await startTestGateway(jwtEnv(issuer, { ...UNCACHED, IVS_MAX_ATTEMPTS: '1' }));
  });
  afterAll(() => gw.close());

  const expect401 = async (headers: Record<string, string>, message: RegExp) => {
    gw.ivs.resetCalls();
    const { status, headers: responseHeaders, body } = await post(gw, headers);
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(responseHeaders.get('www-authenticate')).toMatch(/Bearer realm=.*ApiKey realm=/);
    expect(gw.ivs.callCount()).toBe(0);
  };

  it('answers no credentials with 401 UNAUTHENTICATED saying how to authenticate', async () => {
    await expect401({}, /Authentication required: send an API key as x-api-key: <key>.*Authorization: Bearer <token>/);
  });

  it('refuses an unknown API key, in either header', async () => {
    await expect401({ 'x-api-key': 'not-a-key' }, /^The API key is not valid\.$/);
    await expect401({ authorization: 'ApiKey not-a-key' }, /^The API key is not valid\.$/);
    await expect401({ 'x-api-key': `${KEYS.ops}x` }, /^The API key is not valid\.$/);
    await expect401({ 'x-api-key': KEYS.ops.slice(0, -1) }, /^The API key is not valid\.$/);
  });

  it('accepts a valid API key in x-api-key or Authorization: ApiKey', async () => {
    const variants: Array<Record<string, string>> = [
      { 'x-api-key': KEYS.ops },
      { authorization: `ApiKey ${KEYS.ops}` },
      { authorization: `apikey ${KEYS.ops}` },
    ];
    for (const headers of variants) {
      const { status, body } = await post(gw, headers);
      expect(status).toBe(200);
      expect(body).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
    }
  });

  it('refuses two credentials at once, and unknown Authorization schemes', async () => {
    await expect401({ 'x-api-key': KEYS.ops, authorization: `ApiKey ${KEYS.ops}` }, /Send one credential/);
    await expect401({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /must be "Bearer <JWT>" or "ApiKey <key>"/);
    await expect401({ authorization: 'Bearer' }, /must be "Bearer <JWT>" or "ApiKey <key>"/);
  });

  it('accepts a valid bearer token', async () => {
    const { status, body } = await post(gw, {
      authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', ivs_accounts: ['123456789012'] })}`,
    });
    expect(status).toBe(200);
    expect(body.data).toEqual({ streamSession: { streamId: demo.fullest.streamId } });
  });

  it('refuses a token with a bad signature (another key with the same kid)', async () => {
    await expect401({ authorization: `Bearer ${await stranger.sign({ scope: 'sessions:read' })}` }, /signature does not verify/);
    const token = await issuer.sign({ scope: 'sessions:read' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'admin', scope: 'sessions:read ingest:secrets', iss: ISSUER, aud: AUDIENCE, exp: 4102444800 }),
    ).toString('base64url');
    await expect401({ authorization: `Bearer ${header}.${forged}.${signature}` }, /signature does not verify/);
  });

  it('refuses an expired token', async () => {
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })}` },
      /has expired/,
    );
  });

  it('refuses a token for another audience, from another issuer, or without expiry', async () => {
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { audience: 'some-other-api' })}` },
      /another audience/,
    );
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { issuer: 'https://evil.example/' })}` },
      /another issuer/,
    );
    await expect401({ authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { noExpiry: true })}` }, /no expiry/);
  });

  it('refuses unsigned (alg: none) and malformed tokens', async () => {
    const unsigned = new UnsecuredJWT({ scope: 'sessions:read ingest:secrets' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .encode();
    await expect401({ authorization: `Bearer ${unsigned}` }, /not a well-formed signed JWT|algorithm this API does not accept/);
    await expect401({ authorization: 'Bearer not.a.jwt' }, /not a well-formed signed JWT/);
  });

  it('refuses a token without iat, issued in the future, older than JWT_MAX_TOKEN_AGE_SECONDS, or issued for longer', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { issuedAt: null })}` },
      /has no issue time \(iat\)/,
    );
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { issuedAt: now + 600, expiresIn: now + 3600 })}` },
      /issued in the future \(iat\)/,
    );
    // Default JWT_MAX_TOKEN_AGE_SECONDS: 86400 (one day).
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { issuedAt: now - 86_400 - 60, expiresIn: now + 60 })}` },
      /^The bearer token is older \(iat\) than the 86400 seconds this API accepts/,
    );
    await expect401(
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read' }, { expiresIn: '2d' })}` },
      /^The bearer token is valid for longer than the 86400 seconds this API accepts; get a token with a shorter lifetime\.$/,
    );
    const { status } = await post(gw, {
      authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', ivs_accounts: '*' }, { expiresIn: '23h' })}`,
    });
    expect(status).toBe(200);
  });

  it('fails closed on the accounts claim: a token without it reads no account, * reads every account, anything else is refused', async () => {
    const read = async (claims: Record<string, unknown>) => {
      const { status, body } = await post(
        gw,
        { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', ...claims })}` },
        `{ mine: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } theirs: streamSession(channelArn: "${demo.bigNumbers.channelArn}") { streamId } }`,
      );
      expect(status).toBe(200);
      return { data: body.data, codes: body.errors?.map((e) => [e.path?.[0], e.extensions?.code]).sort() };
    };
    // No claim (an identity provider that forgot to map it): nothing, rather than everything.
    gw.ivs.resetCalls();
    expect(await read({})).toEqual({
      data: { mine: null, theirs: null },
      codes: [
        ['mine', 'FORBIDDEN'],
        ['theirs', 'FORBIDDEN'],
      ],
    });
    expect(gw.ivs.callCount()).toBe(0);
    for (const accounts of ['*', ['*'], `123456789012 *`]) {
      expect(await read({ ivs_accounts: accounts })).toEqual({
        data: { mine: { streamId: demo.fullest.streamId }, theirs: { streamId: demo.bigNumbers.streamId } },
        codes: undefined,
      });
    }
    expect(await read({ ivs_accounts: '123456789012,' })).toMatchObject({
      data: { mine: { streamId: demo.fullest.streamId }, theirs: null },
    });
    for (const accounts of [
      'all',
      ['123456789012', 'prod'],
      ['12345'],
      [123456789012],
      { id: '123456789012' },
      'arn:aws:iam::123456789012:root',
    ]) {
      await expect401(
        { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', ivs_accounts: accounts })}` },
        /^The bearer token's "ivs_accounts" claim must hold 12-digit AWS account ids, or \* for every account\.$/,
      );
    }
  });

  it('answers a missing scope with FORBIDDEN on the IVS-backed fields, without calling IVS', async () => {
    gw.ivs.resetCalls();
    const scopeless: Array<Record<string, string>> = [
      { 'x-api-key': KEYS.noScopes },
      { authorization: `Bearer ${await issuer.sign({ scope: 'profile email' })}` },
    ];
    for (const headers of scopeless) {
      const { status, body } = await post(
        gw,
        headers,
        `{ __typename streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } }`,
      );
      expect(status).toBe(200);
      expect(body.data).toEqual({ __typename: 'Query', streamSession: null });
      expect(body.errors).toEqual([
        expect.objectContaining({
          path: ['streamSession'],
          extensions: { code: 'FORBIDDEN', requiredScope: 'sessions:read' },
          message: expect.stringMatching(/needs the sessions:read scope/),
        }),
      ]);
    }
    expect(gw.ivs.callCount()).toBe(0);
  });

  it('serves srt.passphrase only with ingest:secrets (API key scopes, a scope string or a scope array claim)', async () => {
    const withheld = await post(gw, { 'x-api-key': KEYS.reader }, PASSPHRASE);
    expect(withheld.body.errors).toEqual([
      expect.objectContaining({
        path: ['streamSession', 'channel', 'srt', 'passphrase'],
        extensions: { code: 'FORBIDDEN', requiredScope: 'ingest:secrets' },
      }),
    ]);
    expect(JSON.stringify(withheld.body)).not.toContain(DEMO_SRT_PASSPHRASE);

    const arrayClaimGateway = await startTestGateway(jwtEnv(issuer, { JWT_SCOPES_CLAIM: 'scp' }));
    try {
      const cases: Array<[TestGateway, Record<string, string>]> = [
        [gw, { 'x-api-key': KEYS.ops }],
        [gw, { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read ingest:secrets', ivs_accounts: '*' })}` }],
        [
          arrayClaimGateway,
          { authorization: `Bearer ${await issuer.sign({ scp: ['sessions:read', 'ingest:secrets'], ivs_accounts: ['*'] })}` },
        ],
      ];
      for (const [gateway, headers] of cases) {
        const { body } = await post(gateway, headers, PASSPHRASE);
        expect(body.errors).toBeUndefined();
        expect(body.data).toMatchObject({ streamSession: { channel: { srt: { passphrase: DEMO_SRT_PASSPHRASE } } } });
      }
    } finally {
      await arrayClaimGateway.close();
    }
  });

  it('answers a resource of another AWS account with FORBIDDEN, without calling IVS (API key and JWT restrictions)', async () => {
    const restricted: Array<Record<string, string>> = [
      { 'x-api-key': KEYS.reader },
      { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', ivs_accounts: ['123456789012'] })}` },
    ];
    for (const headers of restricted) {
      gw.ivs.resetCalls();
      const { body } = await post(
        gw,
        headers,
        `{ mine: streamSession(channelArn: "${demo.fullest.channelArn}") { streamId }
           theirs: streamSession(channelArn: "${demo.bigNumbers.channelArn}") { streamId }
           channel(arn: "${demo.bigNumbers.channelArn}") { name } }`,
      );
      expect(body.data).toEqual({ mine: { streamId: demo.fullest.streamId }, theirs: null, channel: null });
      expect(body.errors?.map((e) => [e.path, e.extensions])).toEqual(
        expect.arrayContaining([
          [['theirs'], { code: 'FORBIDDEN', accountId: DEMO_LAB_ACCOUNT_ID }],
          [['channel'], { code: 'FORBIDDEN', accountId: DEMO_LAB_ACCOUNT_ID }],
        ]),
      );
      expect(gw.ivs.calls.map((c) => c.region)).toEqual(['us-west-2']);
    }
  });

  it('leaves channels and live streams of other accounts out of lists for a restricted principal', async () => {
    const walk = async (headers: Record<string, string>) => {
      const arns: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const { body } = await post(
          gw,
          headers,
          `query($after: String) { channels(first: 50, after: $after) { nodes { arn } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(body.errors).toBeUndefined();
        const connection = (
          body.data as { channels: { nodes: Array<{ arn: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }
        ).channels;
        arns.push(...connection.nodes.map((n) => n.arn));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return arns;
    };
    const all = await walk({ 'x-api-key': KEYS.ops });
    const mine = await walk({ 'x-api-key': KEYS.reader });
    expect(all.some((arn) => arn.includes(`:${DEMO_LAB_ACCOUNT_ID}:`))).toBe(true);
    expect(mine).toEqual(all.filter((arn) => arn.includes(':123456789012:')));
  });

  it('guards federation references the same way', async () => {
    const { body } = await post(
      gw,
      { 'x-api-key': KEYS.reader },
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Channel { name } } }`,
      {
        r: [
          { __typename: 'Channel', arn: demo.fullest.channelArn },
          { __typename: 'Channel', arn: demo.bigNumbers.channelArn },
        ],
      },
    );
    expect((body.data as { _entities: unknown[] })._entities[1]).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1], extensions: { code: 'FORBIDDEN', accountId: DEMO_LAB_ACCOUNT_ID } }),
    ]);
  });

  it("serves GraphiQL's page to a browser without credentials, but nothing it executes", async () => {
    const page = await fetch(gw.app.graphqlUrl, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const query = await fetch(`${gw.app.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(query.status).toBe(401);
  });
});

describe('anonymous access', () => {
  it('is on by default outside production, with sessions:read only', async () => {
    const gw = await startTestGateway({ API_KEYS });
    try {
      expect((await post(gw, {})).body.data).toEqual({ streamSession: { streamId: demo.fullest.streamId } });
      const { body } = await post(gw, {}, PASSPHRASE);
      expect(body.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'FORBIDDEN', requiredScope: 'ingest:secrets' },
          message: expect.stringMatching(/anonymous access never has/),
        }),
      ]);
      // Bad credentials are refused even where anonymous access is allowed.
      expect((await post(gw, { 'x-api-key': 'wrong' })).status).toBe(401);
    } finally {
      await gw.close();
    }
  });

  it('is off by default when NODE_ENV=production, and ALLOW_ANONYMOUS=true turns it on', async () => {
    const closed = await startTestGateway({ NODE_ENV: 'production', API_KEYS });
    const open = await startTestGateway({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true' });
    try {
      expect((await post(closed, {})).status).toBe(401);
      expect((await post(closed, { 'x-api-key': KEYS.ops })).status).toBe(200);
      expect((await post(open, {})).body.data).toEqual({ streamSession: { streamId: demo.fullest.streamId } });
    } finally {
      await Promise.all([closed.close(), open.close()]);
    }
  });
});

describe('JWT_TYP', () => {
  it('refuses tokens whose typ header is not the configured one, and checks none when unset', async () => {
    const issuer = await createIssuer();
    const typed = await startTestGateway(jwtEnv(issuer, { JWT_TYP: 'at+jwt' }));
    const untyped = await startTestGateway(jwtEnv(issuer));
    try {
      const claims = { scope: 'sessions:read', ivs_accounts: '*' };
      for (const typ of ['application/at+jwt', 'AT+JWT']) {
        expect((await post(typed, { authorization: `Bearer ${await issuer.sign(claims, { typ })}` })).body.data).toEqual({
          streamSession: { streamId: demo.fullest.streamId },
        });
      }
      for (const typ of [undefined, 'JWT']) {
        const { status, body } = await post(typed, {
          authorization: `Bearer ${await issuer.sign(claims, typ === undefined ? {} : { typ })}`,
        });
        expect(status).toBe(401);
        expect(body.errors?.[0]?.message).toBe('The bearer token is not of the type this API accepts (its typ header must be "at+jwt").');
      }
      expect((await post(untyped, { authorization: `Bearer ${await issuer.sign(claims, { typ: 'JWT' })}` })).status).toBe(200);
    } finally {
      await Promise.all([typed.close(), untyped.close()]);
    }
  });
});

describe('JWT keys from a JWKS URL', () => {
  it('verifies tokens against the fetched key set, and answers 503 (not 401) while it cannot be fetched', async () => {
    const issuer = await createIssuer();
    const jwks = await serveJwks(issuer.jwks);
    const gw = await startTestGateway({ JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, ALLOW_ANONYMOUS: 'false' });
    try {
      const token = await issuer.sign({ scope: 'sessions:read' });
      jwks.fail(true);
      const down = await post(gw, { authorization: `Bearer ${token}` });
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        errors: [
          { message: expect.stringMatching(/keys to verify bearer tokens could not be fetched/), extensions: { code: 'UPSTREAM_ERROR' } },
        ],
      });
      expect(down.headers.get('retry-after')).toBe('5');

      jwks.fail(false);
      expect((await post(gw, { authorization: `Bearer ${token}` })).body.data).toEqual({
        streamSession: { streamId: demo.fullest.streamId },
      });
      // The set is cached: another token signed with a known key needs no fetch.
      const fetched = jwks.requests();
      expect((await post(gw, { authorization: `Bearer ${await issuer.sign({ scope: 'sessions:read', sub: 'user-2' })}` })).status).toBe(
        200,
      );
      expect(jwks.requests()).toBe(fetched);
    } finally {
      await gw.close();
      await jwks.close();
    }
  });
});

describe('guarded loaders', () => {
  const principal = (scopes: string[], accounts: string[] | null): Principal => ({
    id: 'test',
    kind: 'api-key',
    scopes: new Set(scopes),
    accounts: accounts && new Set(accounts),
    expiresAt: null,
  });
  const channel = (accountId: string) => ({ arn: `arn:aws:ivs:eu-west-1:${accountId}:channel/abc`, accountId });

  it('refuses a key before it reaches the loader, answers loadMany per key, and leaves the loader as it was', async () => {
    const asked: unknown[] = [];
    const inner = {
      load: async (key: { arn: string; accountId: string }) => (asked.push(key), key.arn),
      loadMany: async () => [],
    };
    const { load, loadMany } = inner;
    const loader = guarded(inner, principal(['sessions:read'], ['111111111111']), (key) => key);

    await expect(loader.load(channel('222222222222'))).rejects.toMatchObject({
      message: expect.stringMatching(/^The resource arn:aws:ivs:eu-west-1:222222222222:channel\/abc belongs to AWS account 222222222222/),
      extensions: { code: 'FORBIDDEN', accountId: '222222222222' },
    });
    const [allowed, refused] = await loader.loadMany([channel('111111111111'), channel('222222222222')]);
    expect(allowed).toBe(channel('111111111111').arn);
    expect(refused).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(asked).toEqual([channel('111111111111')]);
    expect(inner.load).toBe(load);
    expect(inner.loadMany).toBe(loadMany);

    const unscoped = guarded(inner, principal([], null), (key) => key);
    await expect(unscoped.load(channel('111111111111'))).rejects.toMatchObject({
      message: expect.stringMatching(/^Reading IVS data needs the sessions:read scope/),
    });
    expect(asked).toHaveLength(1);
  });
});
