import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

/** API keys as the tests present them, and the API_KEYS value that configures them (digests only). */
export const KEYS = {
  /** sessions:read, restricted to the demo account 123456789012. */
  reader: 'reader-key-5d3e1c6f0b8a4e2f9a7c',
  /** sessions:read and ingest:secrets, any account. */
  ops: 'ops-key-c81f2e9d4a6b0375e1d2',
  /** No scopes at all. */
  noScopes: 'no-scopes-key-0a9b8c7d6e5f4a3b2c1d',
  /** sessions:read and documents:any (free-form documents while trusted documents are required), any account. */
  operator: 'operator-key-7e4a1b9c2d6f3e8a0b5c',
} as const;

export const API_KEYS = JSON.stringify([
  { id: 'reader', sha256: sha256(KEYS.reader), scopes: ['sessions:read'], accounts: ['123456789012'] },
  { id: 'ops', sha256: sha256(KEYS.ops), scopes: ['sessions:read', 'ingest:secrets'] },
  { id: 'no-scopes', sha256: sha256(KEYS.noScopes), scopes: [] },
  { id: 'operator', sha256: sha256(KEYS.operator), scopes: ['sessions:read', 'documents:any'] },
]);

export const ISSUER = 'https://issuer.example.test/';
export const AUDIENCE = 'ivs-graphql-gateway';

/** A signing key pair whose public half is published as a JWKS (inline or served over HTTP). */
export interface TestIssuer {
  jwks: { keys: JWK[] };
  /**
   * A signed token: `iat` now, `exp` one hour ahead, issuer and audience right, no `typ` header, unless
   * `claims` or `options` say otherwise (`issuedAt: null`: no `iat`).
   */
  sign(
    claims?: JWTPayload,
    options?: {
      expiresIn?: string | number;
      issuer?: string;
      audience?: string;
      noExpiry?: boolean;
      issuedAt?: number | null;
      typ?: string;
    },
  ): Promise<string>;
}

export async function createIssuer(kid = 'test-key-1'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { jwks: { keys: [jwk] }, sign: (claims, options) => sign(privateKey, kid, claims, options) };
}

async function sign(
  key: CryptoKey,
  kid: string,
  claims: JWTPayload = {},
  options: Parameters<TestIssuer['sign']>[1] = {},
): Promise<string> {
  let jwt = new SignJWT({ sub: 'user-1', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid, ...(options.typ !== undefined && { typ: options.typ }) })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE);
  if (options.issuedAt !== null) jwt = jwt.setIssuedAt(options.issuedAt);
  if (!options.noExpiry) jwt = jwt.setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(key);
}

/** Environment for a gateway that trusts `issuer`'s inline key set, with anonymous access off. */
export function jwtEnv(issuer: TestIssuer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    API_KEYS,
    JWT_PUBLIC_KEYS: JSON.stringify(issuer.jwks),
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_ACCOUNTS_CLAIM: 'ivs_accounts',
    ALLOW_ANONYMOUS: 'false',
    ...extra,
  };
}

/** Serves a JWKS over HTTP, as an identity provider does; `fail` makes it answer 500. */
export async function serveJwks(
  jwks: object,
): Promise<{ url: string; requests: () => number; fail: (on: boolean) => void; close: () => Promise<void> }> {
  let failing = false;
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests += 1;
    if (failing) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    fail: (on) => {
      failing = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
