import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { API_KEYS, sha256 } from '../support/credentials.js';

const key = (overrides: object = {}) => JSON.stringify([{ id: 'frontend', sha256: sha256('k'), scopes: ['sessions:read'], ...overrides }]);
const JWKS = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] });

describe('security configuration', () => {
  it('has the documented defaults outside production', () => {
    const config = loadConfig({});
    expect(config.auth).toEqual({ allowAnonymous: true, apiKeys: [], jwt: null });
    expect(config.limits).toEqual({
      maxBodyBytes: 102_400,
      maxDepth: 12,
      maxAliases: 100,
      maxCost: 20_000,
      maxTokens: 2_000,
      maxDirectives: 50,
      ivsCallBudget: 50,
      httpBatching: false,
      requestTimeoutMs: 10_000,
      maxConnections: 10_000,
      ratePerPrincipal: 0,
    });
    expect(config).toMatchObject({ corsOrigins: '*', introspection: true, shutdownGraceMs: 10_000 });
    expect(config.live).toMatchObject({ perConnection: 20, perPrincipal: 5_000, maxSubscriptions: 10_000 });
  });

  it('turns anonymous access, introspection and cross-origin access off in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      auth: { allowAnonymous: false },
      introspection: false,
      corsOrigins: [],
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        ALLOW_ANONYMOUS: 'true',
        INTROSPECTION: 'true',
        CORS_ORIGINS: 'https://a.example, https://b.example',
      }),
    ).toMatchObject({
      auth: { allowAnonymous: true },
      introspection: true,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('reads API keys (digests, scopes, accounts) from API_KEYS or API_KEYS_FILE', () => {
    const fromEnv = loadConfig({ API_KEYS }).auth.apiKeys;
    expect(fromEnv.map((k) => [k.id, k.scopes, k.accounts])).toEqual([
      ['reader', ['sessions:read'], ['123456789012']],
      ['ops', ['sessions:read', 'ingest:secrets'], undefined],
      ['no-scopes', [], undefined],
      ['operator', ['sessions:read', 'documents:any'], undefined],
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'keys.json');
    writeFileSync(file, API_KEYS);
    expect(loadConfig({ API_KEYS_FILE: file }).auth.apiKeys).toEqual(fromEnv);
  });

  it('builds the JWT settings, and requires an issuer and an audience with them', () => {
    expect(loadConfig({ JWT_PUBLIC_KEYS: JWKS, JWT_ISSUER: 'https://i/', JWT_AUDIENCE: 'a' }).auth.jwt).toEqual({
      keys: { kind: 'local', jwks: JSON.parse(JWKS) },
      issuer: 'https://i/',
      audience: 'a',
      scopesClaim: 'scope',
      accountsClaim: undefined,
      maxTokenAgeSeconds: 86_400,
      typ: undefined,
    });
    expect(
      loadConfig({
        JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
        JWT_ISSUER: 'https://i/',
        JWT_AUDIENCE: 'a',
        JWT_SCOPES_CLAIM: 'scp',
        JWT_ACCOUNTS_CLAIM: 'accounts',
        JWT_MAX_TOKEN_AGE_SECONDS: '3600',
        JWT_TYP: 'at+jwt',
      }).auth.jwt,
    ).toMatchObject({
      keys: { kind: 'remote', url: 'https://idp.example/.well-known/jwks.json' },
      scopesClaim: 'scp',
      accountsClaim: 'accounts',
      maxTokenAgeSeconds: 3600,
      typ: 'at+jwt',
    });
  });

  it.each([
    [{ API_KEYS: '[{' }, /^Invalid API_KEYS: is not JSON; it must be a JSON array of/],
    [{ API_KEYS: '{}' }, /^Invalid API_KEYS: must be a JSON array of/],
    [{ API_KEYS: key({ sha256: 'abc' }) }, /^Invalid API_KEYS: \[0\]\.sha256 must be the SHA-256 of the key, 64 hex digits$/],
    [
      { API_KEYS: key({ scopes: ['sessions:write'] }) },
      /^Invalid API_KEYS: \[0\]\.scopes\[0\] must be one of sessions:read, ingest:secrets, schema:read, documents:any$/,
    ],
    [{ API_KEYS: key({ accounts: ['12345'] }) }, /^Invalid API_KEYS: \[0\]\.accounts\[0\] must be a 12-digit AWS account id$/],
    [{ API_KEYS: `[${key().slice(1, -1)},${key().slice(1, -1)}]` }, /^Invalid API_KEYS: has two keys with the same id$/],
    [{ API_KEYS: key({ rateLimit: -1 }) }, /^Invalid API_KEYS: \[0\]\.rateLimit must be at least 0 \(0: no limit for this key\)$/],
    [{ API_KEYS: key({ rateLimit: 2.5 }) }, /^Invalid API_KEYS: \[0\]\.rateLimit must be a whole number of requests per second/],
    [{ API_KEYS: key({ rateLimit: '10' }) }, /^Invalid API_KEYS: \[0\]\.rateLimit must be a whole number of requests per second/],
    [{ RATE_LIMIT_PER_PRINCIPAL: '-1' }, /^Invalid RATE_LIMIT_PER_PRINCIPAL="-1": must be at least 0$/],
    [{ API_KEYS_FILE: '/nonexistent/keys.json' }, /^Invalid API_KEYS_FILE="\/nonexistent\/keys.json": cannot be read \(ENOENT\)$/],
    [{ API_KEYS, API_KEYS_FILE: '/x' }, /^Invalid API_KEYS_FILE: set API_KEYS or API_KEYS_FILE, not both$/],
    [
      { JWT_PUBLIC_KEYS: JWKS, JWT_AUDIENCE: 'a' },
      /^Missing JWT_ISSUER: bearer tokens are checked against an issuer and an audience; set it$/,
    ],
    [{ JWT_PUBLIC_KEYS: JWKS, JWT_ISSUER: 'i' }, /^Missing JWT_AUDIENCE/],
    [{ JWT_PUBLIC_KEYS: '{"keys":[]}', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }, /^Invalid JWT_PUBLIC_KEYS: keys /],
    [{ JWT_ISSUER: 'i' }, /^Invalid JWT_ISSUER: it needs JWT_JWKS_URL or JWT_PUBLIC_KEYS/],
    [
      { JWT_JWKS_URL: 'http://idp.example/jwks.json' },
      /^Invalid JWT_JWKS_URL="http:\/\/idp.example\/jwks.json": must use https \(plain http only for localhost\)$/,
    ],
    [{ JWT_JWKS_URL: 'https://i/jwks', JWT_PUBLIC_KEYS: JWKS }, /^Invalid JWT_PUBLIC_KEYS: set JWT_JWKS_URL or JWT_PUBLIC_KEYS, not both$/],
    [{ ALLOW_ANONYMOUS: 'maybe' }, /^Invalid ALLOW_ANONYMOUS="maybe": must be true or false$/],
    [{ CORS_ORIGINS: 'app.example.com' }, /^Invalid CORS_ORIGINS="app.example.com": must be \* or a comma-separated list of origins/],
    [{ MAX_DEPTH: '0' }, /^Invalid MAX_DEPTH="0": must be at least 1$/],
    [{ MAX_BODY_BYTES: '10' }, /^Invalid MAX_BODY_BYTES="10": must be at least 1024$/],
    [{ IVS_CALL_BUDGET: 'lots' }, /^Invalid IVS_CALL_BUDGET="lots": must be a whole number$/],
    [{ REQUEST_TIMEOUT_MS: '-1' }, /^Invalid REQUEST_TIMEOUT_MS="-1": must be at least 100$/],
    [{ HTTP_BATCHING: 'yes' }, /^Invalid HTTP_BATCHING="yes": must be true or false$/],
    [{ METRICS_PORT: '99999' }, /^Invalid METRICS_PORT="99999": must be at most 65535$/],
    [{ JWT_MAX_TOKEN_AGE_SECONDS: '10' }, /^Invalid JWT_MAX_TOKEN_AGE_SECONDS="10": must be at least 60$/],
    [{ JWT_TYP: 'at jwt' }, /^Invalid JWT_TYP="at jwt": must be a media type such as at\+jwt$/],
    [{ JWT_TYP: 'at+jwt' }, /^Invalid JWT_TYP: it needs JWT_JWKS_URL or JWT_PUBLIC_KEYS/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads METRICS_PORT and METRICS_TOKEN, and never echoes a METRICS_TOKEN in its error', () => {
    expect(loadConfig({}).metricsAccess).toEqual({ port: null, token: null });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 'a-long-random-secret' }).metricsAccess).toEqual({
      port: 9464,
      token: 'a-long-random-secret',
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(
      /^Invalid METRICS_TOKEN: must be at least 16 characters without spaces/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it.each([
    ['an EC private key', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'private-scalar-value' }],
    ['an RSA private key', { kty: 'RSA', n: 'n', e: 'AQAB', d: 'private-exponent-value', p: 'p', q: 'q', dp: 'dp', dq: 'dq', qi: 'qi' }],
    ['an RSA key with only CRT members', { kty: 'RSA', n: 'n', e: 'AQAB', qi: 'private-qi-value' }],
    ['a symmetric key', { kty: 'oct', k: 'shared-secret-value' }],
  ])('refuses %s in JWT_PUBLIC_KEYS, naming the key, without echoing it', (_case, privateKey) => {
    const env = { JWT_PUBLIC_KEYS: JSON.stringify({ keys: [JSON.parse(JWKS).keys[0], privateKey] }), JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/^Invalid JWT_PUBLIC_KEYS: keys\[1\] is a private or symmetric key; give only public keys/);
    expect(() => loadConfig(env)).not.toThrow(/value/);
  });

  it('never echoes an API_KEYS value in its error', () => {
    const secretish = JSON.stringify([{ id: 'frontend', sha256: 'my-actual-key-by-mistake', scopes: [] }]);
    expect(() => loadConfig({ API_KEYS: secretish })).toThrow(/^Invalid API_KEYS: \[0\]\.sha256/);
    expect(() => loadConfig({ API_KEYS: secretish })).not.toThrow(/my-actual-key/);
  });
});
