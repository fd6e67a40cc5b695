import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
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
  query(query: string, variables?: object): Promise<GraphQLResponse>;
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
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', IVS_ENDPOINT: ivs.url, ...env });
  const app = await startApp(config, createLogger('warn', sink));
  return {
    ivs,
    app,
    logs,
    async query(query, variables) {
      const response = await fetch(app.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
    async close() {
      await app.close();
      await ivs.close();
    },
  };
}
