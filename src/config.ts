import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const integer = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** Every setting the gateway reads, with its default; the README's configuration table mirrors it. */
const envSchema = z.object({
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  EXPOSE_SRT_PASSPHRASE: booleanFlag.default(false),
  GRAPHIQL: booleanFlag.optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  production: boolean;
  logLevel: Env['LOG_LEVEL'];
  /**
   * Where IVS calls go. `embedded`: an embedded IVS started in this process (demo data, demo
   * credentials). `endpoint`: every region's client sends to `url`, signed for the ARN's region.
   * `aws`: the real regional IVS endpoints with the default credential chain.
   */
  backend: { kind: 'embedded'; port: number } | { kind: 'endpoint'; url: string } | { kind: 'aws' };
  ivs: { maxConcurrencyPerRegion: number; timeoutMs: number; maxAttempts: number; regions: readonly string[] };
  exposeSrtPassphrase: boolean;
  /** Serve GraphiQL on `GET /graphql` to browsers. Default: on, except when NODE_ENV=production. */
  graphiql: boolean;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; the first bad variable becomes one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(present[name] ?? '')}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
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
      regions: [...new Set(e.IVS_REGIONS.split(','))],
    },
    exposeSrtPassphrase: e.EXPOSE_SRT_PASSPHRASE,
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
  };
}
