import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer, connect } from 'node:net';
import { Writable } from 'node:stream';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/platform/logger.js';
import type { GraphQLResponse } from './gateway.js';

/**
 * A private, throwaway redis-server for one test file: a free loopback port, nothing persisted
 * (`--save '' --appendonly no`), killed by `stop()`. Debian's redis-server comes from
 * scripts/install-redis.sh (CI runs it before `npm test`).
 */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL by default: Redis disappearing, as in a crash). Idempotent. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const REDIS_SERVER = 'redis-server';

/** Why Redis tests cannot run here, or null when redis-server is available. */
export function redisUnavailable(): string | null {
  const probe = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `${REDIS_SERVER} is not installed: run scripts/install-redis.sh (as root) to install Debian's redis-server`;
  }
  return null;
}

/**
 * For `describe.skipIf(...)`: true when the Redis tests must be skipped (locally, with a visible
 * warning). Under CI a missing redis-server is an error, not a skip.
 */
export function skipWithoutRedis(what: string): boolean {
  const reason = redisUnavailable();
  if (reason === null) return false;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(`CI must run ${what}, but ${reason}.`);
  console.warn(`${what} skipped: ${reason}.`);
  return true;
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child);
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(signal = 'SIGKILL') {
      if (!stopped) {
        stopped = true;
        child.kill(signal);
      }
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not listen on ${port} within 5 s`);
}

/** A gateway replica against a given (shared) IVS endpoint, with its log lines captured. */
export interface Replica {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  logs: Array<Record<string, unknown>>;
  query(query: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse>;
  post(body: object, headers?: Record<string, string>): Promise<GraphQLResponse & { cacheControl: string | null }>;
  close(): Promise<void>;
}

function replicaOver(url: string, logs: Array<Record<string, unknown>>, close: () => Promise<void>): Replica {
  const post: Replica['post'] = async (body, headers = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      body: (await response.json()) as GraphQLResponse['body'],
    };
  };
  return { url, logs, post, query: (query, variables, headers) => post({ query, variables }, headers), close };
}

/**
 * One more gateway in this process: its own app, caches, limiter and Redis connections (a replica in
 * every respect but the process), on a free port, talking to `ivsUrl`.
 */
export async function startReplica(ivsUrl: string, env: Record<string, string>): Promise<Replica> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', IVS_ENDPOINT: ivsUrl, ...env });
  const app = await startApp(config, createLogger('warn', sink));
  return replicaOver(app.graphqlUrl, logs, () => app.close());
}

/**
 * A gateway in a process of its own (`src/main.ts` through tsx), as a second replica is in production;
 * `kill()` ends it as a crash would (SIGKILL: no lease released, no connection closed).
 */
export async function startProcessReplica(ivsUrl: string, env: Record<string, string>): Promise<Replica & { kill(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, ...env, IVS_ENDPOINT: ivsUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !logs.some((l) => typeof l.graphql === 'string'); waited += 50) {
    if (child.exitCode !== null || waited > 30_000) {
      child.kill('SIGKILL');
      throw new Error('the gateway process did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = logs.find((l) => typeof l.graphql === 'string')!.graphql as string;
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
    await exited;
  };
  return { ...replicaOver(url, logs, () => stop('SIGTERM')), kill: () => void stop('SIGKILL') };
}
