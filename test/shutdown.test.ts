import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { faults, setChannelFault } from '../src/embedded-ivs/faults.js';
import { exitOnSignals } from '../src/http/shutdown.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const SESSION = `{ streamSession(channelArn: "${demo.fullest.channelArn}") { streamId } }`;

/** A new TCP connection (no pooled keep-alive socket): resolves the status, or the connection error code. */
function freshConnection(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The shutdown main.ts installs, driven by a fake signal source and a recorded exit. */
function installShutdown(gw: TestGateway, graceMs: number, delayMs = 0) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  exitOnSignals(gw.app, pino({ level: 'silent' }), { graceMs, delayMs, signals, exit: (code) => exits.push(code) });
  return { signal: (name: string) => signals.emit(name, name), exits };
}

describe('graceful shutdown on SIGTERM', () => {
  it('stops accepting, lets the in-flight request finish, then exits 0', async () => {
    const gw = await startTestGateway({ SHUTDOWN_GRACE_MS: '20000' });
    const healthz = gw.app.graphqlUrl.replace(/graphql$/, 'healthz');
    try {
      setChannelFault(gw.ivs.data, demo.fullest.channelArn, faults.slow(1_500));
      const events: string[] = [];
      const inFlight = gw.query(SESSION).then((response) => {
        events.push('answered');
        return response;
      });
      await until(() => gw.ivs.callCount('GetStreamSession') === 1, 'the request to reach IVS');

      const shutdown = installShutdown(gw, 20_000);
      shutdown.signal('SIGTERM');
      await until(async () => typeof (await freshConnection(healthz)) === 'string', 'the listener to close');
      expect(await freshConnection(healthz)).toBe('ECONNREFUSED');

      const { status, body } = await inFlight;
      expect(status).toBe(200);
      expect(body).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
      await until(() => shutdown.exits.length > 0, 'exit');
      events.push('exit');
      expect(events).toEqual(['answered', 'exit']);
      expect(shutdown.exits).toEqual([0]);
    } finally {
      await gw.ivs.close();
    }
  });

  it('with SHUTDOWN_DELAY_MS, answers /readyz 503 at once but keeps serving /graphql for the delay, then closes the listener', async () => {
    const gw = await startTestGateway({ SHUTDOWN_GRACE_MS: '2000', SHUTDOWN_DELAY_MS: '500' });
    const base = gw.app.graphqlUrl.replace(/\/graphql$/, '');
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const shutdown = installShutdown(gw, 2_000, 500);
      const signalledAt = performance.now();
      shutdown.signal('SIGTERM');
      // Within the delay: not ready, and every route still answers on new connections.
      expect(await freshConnection(`${base}/readyz`)).toBe(503);
      const { status, body } = await gw.query(SESSION);
      expect(status).toBe(200);
      expect(body).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
      expect(await freshConnection(`${base}/healthz`)).toBe(200);
      expect(performance.now() - signalledAt).toBeLessThan(500);
      // Then the listener closes, not before the delay.
      await until(async () => typeof (await freshConnection(`${base}/healthz`)) === 'string', 'the listener to close');
      expect(performance.now() - signalledAt).toBeGreaterThanOrEqual(490);
      await until(() => shutdown.exits.length > 0, 'exit');
      expect(shutdown.exits).toEqual([0]);
    } finally {
      await gw.ivs.close();
    }
  });

  it('closes requests still running after SHUTDOWN_GRACE_MS and exits 0', async () => {
    const gw = await startTestGateway({ SHUTDOWN_GRACE_MS: '200', IVS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    try {
      setChannelFault(gw.ivs.data, demo.fullest.channelArn, faults.slow(15_000));
      const inFlight = gw.query(SESSION).then(
        () => 'answered',
        () => 'connection closed',
      );
      await until(() => gw.ivs.callCount('GetStreamSession') === 1, 'the request to reach IVS');
      const shutdown = installShutdown(gw, 200);
      shutdown.signal('SIGTERM');
      expect(await inFlight).toBe('connection closed');
      await until(() => shutdown.exits.length > 0, 'exit');
      expect(shutdown.exits).toEqual([0]);
    } finally {
      await gw.ivs.close();
    }
  });

  it('exits 1 at once on a second signal', async () => {
    const gw = await startTestGateway({ SHUTDOWN_GRACE_MS: '20000' });
    try {
      setChannelFault(gw.ivs.data, demo.fullest.channelArn, faults.slow(15_000));
      const inFlight = gw.query(SESSION).catch(() => undefined);
      await until(() => gw.ivs.callCount('GetStreamSession') === 1, 'the request to reach IVS');
      const shutdown = installShutdown(gw, 20_000);
      shutdown.signal('SIGTERM');
      shutdown.signal('SIGINT');
      expect(shutdown.exits).toEqual([1]);
      await gw.ivs.close();
      await inFlight;
    } finally {
      await gw.ivs.close();
    }
  });
});

describe('the real process (src/main.ts through tsx)', () => {
  it('serves, then exits 0 on SIGTERM (production settings, where Apollo would install its own signal handlers)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    try {
      await until(() => lines.some((l) => typeof l.graphql === 'string') || child.exitCode !== null, 'the gateway to start');
      const url = lines.find((l) => typeof l.graphql === 'string')!.graphql as string;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: SESSION }),
      });
      expect(await response.json()).toEqual({ data: { streamSession: { streamId: demo.fullest.streamId } } });
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^shutting down/), 'shut down']));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
