import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/platform/logger.js';
import { createDemoData } from '../../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../../src/embedded-ivs/server.js';

export interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  };
}

export interface TestGateway {
  ivs: EmbeddedIvs;
  app: RunningApp;
  /** Every log line the gateway wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Every log line exactly as written (for greps: secrets must never appear). */
  rawLog: string[];
  /** POST /graphql; `headers` adds to (or overrides) the JSON content type, e.g. credentials. */
  query(query: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** POST /graphql with any JSON body; the response's headers too. */
  post(body: object, headers?: Record<string, string>): Promise<GraphQLResponse & { headers: Headers }>;
  close(): Promise<void>;
}

/**
 * The real server on a free port, configured from environment variables exactly as in production,
 * talking through the real AWS SDK over HTTP to a fresh embedded IVS of its own.
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  ivsOptions: Parameters<typeof startEmbeddedIvs>[0] = {},
): Promise<TestGateway> {
  const ivs = await startEmbeddedIvs({ data: createDemoData(), ...ivsOptions });
  const logs: Array<Record<string, unknown>> = [];
  const rawLog: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        rawLog.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  // Cross-request caching and the IVS quota limiter are off unless a test turns them on: tests that
  // count IVS calls see every call, and a test may make more than 5 calls a second (test/cache*, test/limiter*).
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    IVS_ENDPOINT: ivs.url,
    CACHE_ENABLED: 'false',
    LIMITER_ENABLED: 'false',
    // Every operation compiled from its first use: the suite exercises the compiled executor as production does an operation it has seen before.
    COMPILE_AFTER_EXECUTIONS: '0',
    ...env,
  });
  // LOG_LEVEL in `env` captures more (vitest sets it to silent for the process; tests see warnings and up).
  const app = await startApp(config, createLogger(env.LOG_LEVEL ?? 'warn', sink));
  const post: TestGateway['post'] = async (body, headers = {}) => {
    const response = await fetch(app.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
  };
  return {
    ivs,
    app,
    logs,
    rawLog,
    async query(query, variables, headers = {}) {
      const { status, body } = await post({ query, variables }, headers);
      return { status, body };
    },
    post,
    async close() {
      await app.close();
      await ivs.close();
    },
  };
}
