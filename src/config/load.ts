import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { booleanFlag, integer } from './env-values.js';
import type { ApiKeyEntry } from '../auth/api-keys.js';
import type { AuthConfig } from '../auth/authenticator.js';
import { SCOPES } from '../auth/principal.js';
import type { DocumentLimits } from '../graphql/armor.js';
import { EXECUTOR_KINDS, type ExecutorKind } from '../graphql/executor.js';
import {
  parseManifest,
  TRUSTED_DOCUMENTS_MODES,
  TrustedDocumentsError,
  type TrustedDocumentEntry,
  type TrustedDocumentsMode,
} from '../graphql/trusted-documents.js';
import type { MetricsAccess } from '../http/metrics-endpoint.js';
import { performanceConfig, performanceEnv, type PerformanceConfig } from './cache-settings.js';
import { IVS_LOW_LATENCY_REGIONS, REGION_NAME } from '../kernel/regions.js';

/** A variable holding JSON: parsed, then checked against `schema`. */
const jsonOf = <T extends z.ZodType>(schema: T, expected: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not JSON; it ${expected}` });
        return z.NEVER;
      }
    })
    .pipe(schema);

const AWS_ACCOUNT_ID = z.string().regex(/^[0-9]{12}$/, { message: 'must be a 12-digit AWS account id' });

const apiKeysSchema = z
  .array(
    z.object(
      {
        id: z.string().regex(/^[A-Za-z0-9._:@-]{1,64}$/, { message: 'must be 1-64 letters, digits or ._:@- (it is logged)' }),
        sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { message: 'must be the SHA-256 of the key, 64 hex digits' }),
        scopes: z.array(z.enum(SCOPES as [string, ...string[]], { message: `must be one of ${SCOPES.join(', ')}` })),
        accounts: z.array(AWS_ACCOUNT_ID).optional(),
        rateLimit: z
          .number({ message: 'must be a whole number of requests per second (0: no limit for this key)' })
          .int({ message: 'must be a whole number of requests per second (0: no limit for this key)' })
          .min(0, { message: 'must be at least 0 (0: no limit for this key)' })
          .max(1_000_000, { message: 'must be at most 1000000' })
          .optional(),
      },
      { message: 'must be an object {"id", "sha256", "scopes", "accounts"?, "rateLimit"?}' },
    ),
    { message: 'must be a JSON array of {"id", "sha256", "scopes", "accounts"?, "rateLimit"?} objects' },
  )
  .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, { message: 'has two keys with the same id' });
const API_KEYS_FORMAT = 'must be a JSON array of {"id", "sha256", "scopes", "accounts"?, "rateLimit"?} objects';

// Members only private (RSA, EC, OKP) or symmetric (oct) keys have: such a key would sign tokens too.
const PRIVATE_KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const jwksSchema = z.object(
  {
    keys: z
      .array(
        z.looseObject({ kty: z.string() }).refine((key) => key.kty !== 'oct' && !PRIVATE_KEY_MEMBERS.some((member) => member in key), {
          message: 'is a private or symmetric key; give only public keys (no "d", "p", "q", "dp", "dq", "qi" or "k" member, no "oct" key)',
        }),
      )
      .min(1),
  },
  { message: 'must be a JSON Web Key Set: {"keys": [...]}' },
);

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
const ORIGIN = /^https?:\/\/[^/\s,]+$/;

/** Every setting the gateway reads, with its default; docs/configuration.md lists them (test/unit/docs.test.ts checks). */
const envSchema = z.object({
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRACE_RESOLVERS: booleanFlag.default(false),
  GRAPHQL_EXECUTOR: z.enum(EXECUTOR_KINDS, { message: `must be ${EXECUTOR_KINDS.join(' or ')}` }).default('jit'),
  COMPILED_OPERATIONS_MAX: integer(1, 1_000_000).default(1000),
  COMPILE_AFTER_EXECUTIONS: integer(0, 1_000_000).default(1),
  IVS_BACKEND: z.enum(['embedded', 'aws'], { message: 'must be embedded or aws' }).default('embedded'),
  IVS_ENDPOINT: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:4510' }).optional(),
  EMBEDDED_IVS_PORT: integer(0, 65535).default(0),
  IVS_MAX_CONCURRENCY_PER_REGION: integer(1, 100).default(5),
  IVS_TIMEOUT_MS: integer(100, 120_000).default(5000),
  IVS_MAX_ATTEMPTS: integer(1, 10).default(3),
  IVS_REGIONS: z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'must be a comma-separated list of AWS regions such as us-west-2,eu-west-1' })
    .default('us-west-2,eu-west-1,ap-northeast-1'),
  IVS_ALLOWED_REGIONS: z
    .string()
    .refine((v) => v.split(',').every((region) => REGION_NAME.test(region)), {
      message: 'must be a comma-separated list of AWS regions such as us-east-1,eu-west-1',
    })
    .default(IVS_LOW_LATENCY_REGIONS.join(',')),
  GRAPHIQL: booleanFlag.optional(),
  // Removed: srt.passphrase now needs credentials with the ingest:secrets scope. Refused, not ignored,
  // so that an operator who relied on it learns what replaced it.
  EXPOSE_SRT_PASSPHRASE: z
    .string()
    .refine(() => false, {
      message: 'was removed: srt.passphrase is served to API keys or tokens with the ingest:secrets scope (docs/security.md)',
    })
    .optional(),

  // Who may call (docs/security.md)
  ALLOW_ANONYMOUS: booleanFlag.optional(),
  API_KEYS: jsonOf(apiKeysSchema, API_KEYS_FORMAT).optional(),
  API_KEYS_FILE: z.string().min(1).optional(),
  JWT_JWKS_URL: z
    .url({ protocol: /^https?$/, message: 'must be an https URL of a JSON Web Key Set' })
    .refine((url) => url.startsWith('https:') || LOOPBACK.test(new URL(url).hostname), {
      message: 'must use https (plain http only for localhost)',
    })
    .optional(),
  JWT_PUBLIC_KEYS: jsonOf(jwksSchema, 'must be a JSON Web Key Set: {"keys": [...]}').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_SCOPES_CLAIM: z.string().min(1).default('scope'),
  JWT_ACCOUNTS_CLAIM: z.string().min(1).optional(),
  JWT_MAX_TOKEN_AGE_SECONDS: integer(60, 31_536_000).default(86_400),
  JWT_TYP: z
    .string()
    .regex(/^[A-Za-z0-9.+/-]{1,64}$/, { message: 'must be a media type such as at+jwt' })
    .optional(),
  CORS_ORIGINS: z
    .string()
    .refine((v) => v === '*' || v.split(',').every((origin) => ORIGIN.test(origin.trim())), {
      message: 'must be * or a comma-separated list of origins such as https://app.example.com',
    })
    .optional(),
  INTROSPECTION: booleanFlag.optional(),
  // Trusted documents, an operation allow-list (docs/security.md#trusted-documents)
  TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  TRUSTED_DOCUMENTS_MODE: z
    .enum(TRUSTED_DOCUMENTS_MODES as [TrustedDocumentsMode, ...TrustedDocumentsMode[]], { message: 'must be allow or require' })
    .optional(),
  // GET /metrics: a listener of its own and/or a bearer token (src/http/metrics-endpoint.ts)
  METRICS_PORT: integer(0, 65535).optional(),
  METRICS_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces (a random secret)' })
    .optional(),

  // Limits (docs/security.md)
  MAX_BODY_BYTES: integer(1_024, 100 * 1024 * 1024).default(102_400),
  MAX_DEPTH: integer(1, 1_000).default(12),
  MAX_ALIASES: integer(1, 100_000).default(100),
  MAX_COST: integer(1, 100_000_000).default(20_000),
  MAX_TOKENS: integer(1, 10_000_000).default(2_000),
  MAX_DIRECTIVES: integer(1, 100_000).default(50),
  IVS_CALL_BUDGET: integer(1, 100_000).default(50),
  RATE_LIMIT_PER_PRINCIPAL: integer(0, 1_000_000).default(0),
  HTTP_BATCHING: booleanFlag.default(false),
  REQUEST_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  MAX_CONNECTIONS: integer(1, 1_000_000).default(10_000),
  SHUTDOWN_GRACE_MS: integer(0, 600_000).default(10_000),
  SHUTDOWN_DELAY_MS: integer(0, 600_000).default(0),

  // Performance and scale-out: caches, quota limiter, Redis, metrics (src/config/cache-settings.ts; docs/performance.md)
  ...performanceEnv,

  // Live updates: one ListStreams poller per region feeds every subscription (src/live/; docs/live-updates.md)
  LIVE_POLL_INTERVAL_MS: integer(200, 60_000).default(2000),
  LIVE_VIEWER_COUNT_THRESHOLD: integer(1, 1_000_000).default(10),
  LIVE_LEASE_MS: integer(1000, 120_000).default(6000),
  SUBSCRIPTIONS_PER_CONNECTION: integer(1, 1000).default(20),
  MAX_SUBSCRIPTIONS: integer(1, 1_000_000).default(10_000),
  SUBSCRIPTIONS_PER_PRINCIPAL: integer(1, 1_000_000).default(5_000),
  SUBSCRIPTION_BUFFER: integer(1, 10_000).default(100),
  SUBSCRIPTION_MAX_BUFFERED_BYTES: integer(1024, 1024 ** 3).default(1024 ** 2),
  WS_KEEPALIVE_MS: integer(1000, 600_000).default(12_000),
  EMBEDDED_IVS_TIMELINE: booleanFlag.default(true),
});

type Env = z.infer<typeof envSchema>;

/** The names of every environment variable the schema reads (test/unit/docs.test.ts checks docs/configuration.md against them). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  port: number;
  host: string;
  production: boolean;
  logLevel: Env['LOG_LEVEL'];
  /** TRACE_RESOLVERS: a span per resolved field (when tracing is on at all; docs/observability.md). */
  traceResolvers: boolean;
  /**
   * How validated operations run (src/graphql/executor.ts): compiled by graphql-jit after `compileAfter`
   * executions on graphql-js, kept for `maxCompiled` operations; or always on graphql-js.
   */
  execution: { kind: ExecutorKind; maxCompiled: number; compileAfter: number };
  /**
   * Where IVS calls go. `embedded`: an embedded IVS started in this process (demo data, demo
   * credentials). `endpoint`: every region's client sends to `url`, signed for the ARN's region.
   * `aws`: the real regional IVS endpoints with the default credential chain.
   */
  backend: { kind: 'embedded'; port: number } | { kind: 'endpoint'; url: string } | { kind: 'aws' };
  ivs: {
    maxConcurrencyPerRegion: number;
    timeoutMs: number;
    maxAttempts: number;
    /** What region-less lists walk, in order; a subset of `allowedRegions`. */
    regions: readonly string[];
    /** The only regions IVS is called in: any other named by a caller is BAD_USER_INPUT (src/kernel/regions.ts). */
    allowedRegions: readonly string[];
  };
  /** Who may call: API keys, JWT, anonymous access. */
  auth: AuthConfig;
  /** Document limits (graphql-armor, parser) and request limits. */
  limits: DocumentLimits & {
    maxBodyBytes: number;
    /** Upstream IVS calls one operation (one HTTP request) may make. */
    ivsCallBudget: number;
    /** Allow several operations in one HTTP request (a JSON array); they share one IVS call budget. */
    httpBatching: boolean;
    /** Deadline of one HTTP request: receiving it, and every IVS call made for it. */
    requestTimeoutMs: number;
    /** Open connections (WebSockets included) the process accepts; further ones are closed at once. */
    maxConnections: number;
    /**
     * RATE_LIMIT_PER_PRINCIPAL: HTTP requests and WebSocket/SSE operations per second one principal may
     * start; 0: no limit (an API key's own `rateLimit` still applies).
     */
    ratePerPrincipal: number;
  };
  /** Browser origins allowed by CORS: `*`, or a list (empty: no cross-origin access). */
  corsOrigins: '*' | readonly string[];
  /** Introspection and field suggestions in error messages. Default: on, except when NODE_ENV=production. */
  introspection: boolean;
  /**
   * TRUSTED_DOCUMENTS: the manifest's entries as read (src/app.ts parses and validates them against the
   * schema before anything starts), and the mode (default `require`); `null`: no allow-list.
   */
  trustedDocuments: { file: string; mode: TrustedDocumentsMode; entries: TrustedDocumentEntry[] } | null;
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** On SIGTERM, how long to keep serving (not ready) before the listener closes, so load balancers stop sending first. */
  shutdownDelayMs: number;
  /** Serve GraphiQL on `GET /graphql` to browsers. Default: on, except when NODE_ENV=production. */
  graphiql: boolean;
  /** Caches, single-flight, the IVS quota limiter, Redis, metrics (src/config/cache-settings.ts). */
  performance: PerformanceConfig;
  /** Who may scrape GET /metrics (src/http/metrics-endpoint.ts). */
  metricsAccess: MetricsAccess;
  /** Subscriptions and the shared live-stream pollers (src/live/). */
  live: {
    pollIntervalMs: number;
    viewerCountThreshold: number;
    leaseMs: number;
    perConnection: number;
    /** Subscriptions one principal may hold at once over all its connections (one API key may serve many browsers). */
    perPrincipal: number;
    maxSubscriptions: number;
    buffer: number;
    maxBufferedBytes: number;
    keepAliveMs: number;
    /** Embedded IVS only: play the demo timeline (streams going live, health and viewers changing). */
    demoTimeline: boolean;
  };
}

export class ConfigError extends Error {}

/** Reads and validates the environment; the first bad variable becomes one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    // JSON values are long and may be sensitive, and secrets are secret: name the variable and the element, not the value.
    if (UNECHOED_VARIABLES.has(name)) {
      const where = pathOf(issue!.path.slice(1));
      throw new ConfigError(`Invalid ${name}: ${where ? `${where} ` : ''}${issue?.message ?? 'invalid value'}`);
    }
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(present[name] ?? '')}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  const allowedRegions = [...new Set(e.IVS_ALLOWED_REGIONS.split(','))];
  const regions = [...new Set(e.IVS_REGIONS.split(','))];
  const unserved = regions.find((region) => !allowedRegions.includes(region));
  if (unserved !== undefined) {
    throw new ConfigError(
      `Invalid IVS_REGIONS=${JSON.stringify(e.IVS_REGIONS)}: ${unserved} is not in IVS_ALLOWED_REGIONS (${allowedRegions.join(',')}); add it there or remove it`,
    );
  }
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    production,
    logLevel: e.LOG_LEVEL,
    traceResolvers: e.TRACE_RESOLVERS,
    execution: { kind: e.GRAPHQL_EXECUTOR, maxCompiled: e.COMPILED_OPERATIONS_MAX, compileAfter: e.COMPILE_AFTER_EXECUTIONS },
    // IVS_ENDPOINT always wins: it is how tests and operators point every region at one place.
    backend: e.IVS_ENDPOINT
      ? { kind: 'endpoint', url: e.IVS_ENDPOINT }
      : e.IVS_BACKEND === 'aws'
        ? { kind: 'aws' }
        : { kind: 'embedded', port: e.EMBEDDED_IVS_PORT },
    ivs: {
      maxConcurrencyPerRegion: e.IVS_MAX_CONCURRENCY_PER_REGION,
      timeoutMs: e.IVS_TIMEOUT_MS,
      maxAttempts: e.IVS_MAX_ATTEMPTS,
      regions,
      allowedRegions,
    },
    auth: {
      allowAnonymous: e.ALLOW_ANONYMOUS ?? !production,
      apiKeys: apiKeys(e),
      jwt: jwt(e),
    },
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxCost: e.MAX_COST,
      maxTokens: e.MAX_TOKENS,
      maxDirectives: e.MAX_DIRECTIVES,
      ivsCallBudget: e.IVS_CALL_BUDGET,
      httpBatching: e.HTTP_BATCHING,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
      ratePerPrincipal: e.RATE_LIMIT_PER_PRINCIPAL,
    },
    corsOrigins: e.CORS_ORIGINS === '*' ? '*' : e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : production ? [] : '*',
    introspection: e.INTROSPECTION ?? !production,
    trustedDocuments: trustedDocuments(e),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    graphiql: e.GRAPHIQL ?? !production,
    performance: performanceConfig(e),
    metricsAccess: { port: e.METRICS_PORT ?? null, token: e.METRICS_TOKEN ?? null },
    live: {
      pollIntervalMs: e.LIVE_POLL_INTERVAL_MS,
      viewerCountThreshold: e.LIVE_VIEWER_COUNT_THRESHOLD,
      leaseMs: e.LIVE_LEASE_MS,
      perConnection: e.SUBSCRIPTIONS_PER_CONNECTION,
      perPrincipal: e.SUBSCRIPTIONS_PER_PRINCIPAL,
      maxSubscriptions: e.MAX_SUBSCRIPTIONS,
      buffer: e.SUBSCRIPTION_BUFFER,
      maxBufferedBytes: e.SUBSCRIPTION_MAX_BUFFERED_BYTES,
      keepAliveMs: e.WS_KEEPALIVE_MS,
      demoTimeline: e.EMBEDDED_IVS_TIMELINE,
    },
  };
}

const UNECHOED_VARIABLES = new Set(['API_KEYS', 'JWT_PUBLIC_KEYS', 'METRICS_TOKEN']);

function apiKeys(e: Env): ApiKeyEntry[] {
  if (e.API_KEYS !== undefined && e.API_KEYS_FILE !== undefined) {
    throw new ConfigError('Invalid API_KEYS_FILE: set API_KEYS or API_KEYS_FILE, not both');
  }
  if (e.API_KEYS_FILE === undefined) return e.API_KEYS ?? [];
  let text: string;
  try {
    text = readFileSync(e.API_KEYS_FILE, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid API_KEYS_FILE=${JSON.stringify(e.API_KEYS_FILE)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const parsed = jsonOf(apiKeysSchema, API_KEYS_FORMAT).safeParse(text);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = pathOf(issue?.path ?? []);
    throw new ConfigError(
      `Invalid API_KEYS_FILE=${JSON.stringify(e.API_KEYS_FILE)}: ${where ? `${where} ` : ''}${issue?.message ?? 'invalid content'}`,
    );
  }
  return parsed.data;
}

function trustedDocuments(e: Env): Config['trustedDocuments'] {
  const file = e.TRUSTED_DOCUMENTS;
  if (file === undefined) {
    if (e.TRUSTED_DOCUMENTS_MODE !== undefined) {
      throw new ConfigError('Invalid TRUSTED_DOCUMENTS_MODE: it needs TRUSTED_DOCUMENTS (the manifest of the documents to trust)');
    }
    return null;
  }
  const named = `Invalid TRUSTED_DOCUMENTS=${JSON.stringify(file)}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${named}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`${named}: is not JSON; it must be a persisted-query manifest`);
  }
  try {
    // Whenever a manifest is set, `require` unless told `allow`: an allow-list that lets anything through is opt-in.
    return { file, mode: e.TRUSTED_DOCUMENTS_MODE ?? 'require', entries: parseManifest(json) };
  } catch (error) {
    if (!(error instanceof TrustedDocumentsError)) throw error;
    throw new ConfigError(`${named}: ${error.message}`);
  }
}

function jwt(e: Env): AuthConfig['jwt'] {
  if (e.JWT_JWKS_URL !== undefined && e.JWT_PUBLIC_KEYS !== undefined) {
    throw new ConfigError('Invalid JWT_PUBLIC_KEYS: set JWT_JWKS_URL or JWT_PUBLIC_KEYS, not both');
  }
  const keys =
    e.JWT_JWKS_URL !== undefined
      ? { kind: 'remote' as const, url: e.JWT_JWKS_URL }
      : e.JWT_PUBLIC_KEYS !== undefined
        ? { kind: 'local' as const, jwks: e.JWT_PUBLIC_KEYS as { keys: Array<{ kty: string }> } }
        : undefined;
  if (!keys) {
    const stray = (['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ACCOUNTS_CLAIM', 'JWT_TYP'] as const).find((name) => e[name] !== undefined);
    if (stray) throw new ConfigError(`Invalid ${stray}: it needs JWT_JWKS_URL or JWT_PUBLIC_KEYS (the keys that sign the tokens)`);
    return null;
  }
  // Without both checks, a token the same identity provider issued for any other application would do.
  for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
    if (e[name] === undefined)
      throw new ConfigError(`Missing ${name}: bearer tokens are checked against an issuer and an audience; set it`);
  }
  return {
    keys,
    issuer: e.JWT_ISSUER!,
    audience: e.JWT_AUDIENCE!,
    scopesClaim: e.JWT_SCOPES_CLAIM,
    accountsClaim: e.JWT_ACCOUNTS_CLAIM,
    maxTokenAgeSeconds: e.JWT_MAX_TOKEN_AGE_SECONDS,
    typ: e.JWT_TYP,
  };
}

/** Where in a JSON value an issue is, as `[0].scopes[1]` (never the value: it may be a secret). */
function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}
