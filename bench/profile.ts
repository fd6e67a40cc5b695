/**
 * Profiles one gateway side under load: starts the benchmark upstream and a gateway child with
 * `node --cpu-prof`, drives it with autocannon, stops it and prints the profile summary.
 * Usage (after `npm run bench` or `npx tsc -p bench/tsconfig.json`):
 *   node dist/bench/profile.js <miss|hit|floor> <20|500> [seconds=8] [extra ENV=value ...]
 */
import { fork, spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_QUERY, benchSessions } from './sessions.js';

const [mode = 'miss', eventsArg = '500', secondsArg = '8', ...extra] = process.argv.slice(2);
const session = benchSessions().find((s) => s.events === Number(eventsArg))!;
const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'gateway-prof-'));

const upstream = fork(join(here, 'upstream.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const upstreamUrl = await new Promise<string>((resolve) => upstream.once('message', (m) => resolve((m as { url: string }).url)));
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as AddressInfo;
    probe.close(() => resolve(free));
  });
});
const env = Object.fromEntries(extra.map((kv) => kv.split('=') as [string, string]));
const entry = mode === 'floor' ? join(here, 'floor.js') : join(here, '..', 'src', 'main.js');
const gateway = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, entry], {
  env: {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIABENCHMARK',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    ALLOW_ANONYMOUS: 'true',
    LOG_LEVEL: 'warn',
    IVS_ENDPOINT: upstreamUrl,
    LIMITER_ENABLED: 'false',
    ...env,
  },
  stdio: 'inherit',
});
await new Promise((r) => setTimeout(r, 1500));
let n = 0;
const result = await autocannon({
  url: `http://127.0.0.1:${port}/graphql`,
  connections: 10,
  duration: Number(secondsArg),
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        const id = (n++).toString(36);
        const streamId = mode === 'hit' ? session.streamId : `st-${'0'.repeat(23 - id.length)}${id}`;
        return {
          ...request,
          body: JSON.stringify({ query: BENCH_QUERY, operationName: 'Session', variables: { channelArn: session.channelArn, streamId } }),
        };
      },
    },
  ],
});
console.log(
  `${(result.requests.total / Number(secondsArg)).toFixed(0)} req/s, ${result.requests.total} requests, ${result.non2xx + result.errors} errors`,
);
gateway.kill('SIGINT');
await new Promise((r) => gateway.once('exit', r));
upstream.kill();
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
console.log(execFileSync(process.execPath, [join(here, 'profile-summary.js'), join(dir, file), '35'], { encoding: 'utf8' }));
