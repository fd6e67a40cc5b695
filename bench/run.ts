/**
 * `npm run bench`: every way of answering the benchmark query, side by side on this machine, against one
 * upstream that answers instantly (bench/upstream.ts), with 20-event and 500-event sessions:
 *
 * - miss (every request a different streamId): the raw-SDK floor (bench/floor.ts), the gateway (tracing
 *   off, and on with every span exported over OTLP), Apollo Server 5 and Mercurius + graphql-jit
 *   (bench/peers/, the same schema slice and plain resolvers);
 * - in memory (the same session every request, served from process memory, executed and serialized every
 *   time): the gateway with the response cache off (`RESPONSE_CACHE_MAX_BYTES=0`: its data cache serves it)
 *   and both peers with `PEER_MODE=memory` (a Map filled on the first fetch);
 * - response-cache hit: the gateway with production settings, the same request every time;
 * - ceiling: a bare node:http server answering the gateway's response bytes (bench/ceiling.ts).
 *
 * Every server is its own child process (so its CPU time and RSS are its own); autocannon drives them from
 * this process, one target at a time, interleaved over several rounds.
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_DURATION_S (seconds per run, default 5),
 * BENCH_CONNECTIONS (default 10), BENCH_CPU_PROF=<dir> (gateway children write --cpu-prof profiles there),
 * BENCH_GATEWAY_ENV (a JSON object of extra environment for every gateway child, for example
 * '{"GRAPHQL_EXECUTOR":"graphql-js"}'; the settings that define a side, such as the upstream and
 * RESPONSE_CACHE_MAX_BYTES=0 for "in memory", still win).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { AWS_ENV, cpuMs, rssMb, startGateway } from './processes.js';
import { BENCH_QUERY, benchSessions, type BenchSession } from './sessions.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const GATEWAY_ENV = parseGatewayEnv(process.env.BENCH_GATEWAY_ENV);
const here = import.meta.dirname;

type Path = 'miss' | 'in memory' | 'response-cache hit' | 'ceiling';
const FLOOR = 'raw-SDK floor';
const GATEWAY = 'gateway';
const TRACED = 'gateway, traced';
const APOLLO = 'Apollo Server 5';
const MERCURIUS = 'Mercurius + jit';
const STATIC = 'static response';

interface Target {
  path: Path;
  server: string;
  url: string;
  child: ChildProcess;
  /** Unique streamIds per request (every request a miss) or the same session every time. */
  unique: boolean;
}
const keyOf = (path: Path, server: string): string => `${path}|${server}`;
const label = (t: Target): string => `${t.path}: ${t.server}`;

interface Sample {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  rssMb: number;
  errors: number;
}

function parseGatewayEnv(json: string | undefined): Record<string, string> {
  if (!json) return {};
  const parsed = JSON.parse(json) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('BENCH_GATEWAY_ENV must be a JSON object');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** Forks a bench module; `message`, if given, is sent first (the ceiling waits for its bytes). */
function forkReporting(module: string, env: Record<string, string>, message?: unknown): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, module), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (message !== undefined) child.send(message as object);
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve({ child, url: (reply as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`${module} exited with ${code}`)));
  });
}

let uniqueCounter = 0;
function uniqueStreamId(): string {
  const n = (uniqueCounter++).toString(36);
  return `st-${'0'.repeat(23 - n.length)}${n}`;
}

function body(session: BenchSession, streamId: string): string {
  return JSON.stringify({ query: BENCH_QUERY, operationName: 'Session', variables: { channelArn: session.channelArn, streamId } });
}

async function run(target: Target, session: BenchSession, seconds: number): Promise<Sample> {
  const pid = target.child.pid!;
  const cpuBefore = cpuMs(pid);
  const fixedBody = body(session, session.streamId);
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: target.unique ? body(session, uniqueStreamId()) : fixedBody }),
      },
    ],
  });
  const cpu = cpuMs(pid) - cpuBefore;
  const requests = result.requests.total;
  return {
    requests,
    rps: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpu / Math.max(requests, 1),
    rssMb: rssMb(pid),
    errors: result.errors + result.non2xx,
  };
}

async function post(url: string, payload: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  return response.text();
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const sessions = benchSessions();
  const children: ChildProcess[] = [];
  const started = <T extends { child: ChildProcess }>(s: T): T => (children.push(s.child), s);
  // Tracing on (every span exported over OTLP to a sink that only answers 200) beside the miss side with
  // tracing off, which is what no OTEL_* exporter configured means: the SDK is never loaded.
  const sink = createServer((req, res) => req.resume().on('end', () => res.end())).listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => (sink.listening ? resolve(undefined) : sink.once('listening', resolve)));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    const upstream = started(await forkReporting('upstream.js', {}));
    const ivs = { ...AWS_ENV, IVS_ENDPOINT: upstream.url };
    // Every gateway keeps production settings; unique streamIds make every request a miss. The limiter is
    // off: the upstream is not IVS, and 5 calls per second would measure the quota.
    const gateway = (env: Record<string, string>) =>
      startGateway({ ...GATEWAY_ENV, IVS_ENDPOINT: upstream.url, LIMITER_ENABLED: 'false', ...env }).then(started);
    const peer = (module: string, mode: 'miss' | 'memory') =>
      forkReporting(module, { ...ivs, NODE_ENV: 'production', PEER_MODE: mode }).then(started);

    const floor = started(await forkReporting('floor.js', ivs));
    const miss = await gateway({});
    const traced = await gateway({ OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_SERVICE_NAME: 'bench' });
    const memory = await gateway({ RESPONSE_CACHE_MAX_BYTES: '0' });
    const hit = await gateway({});
    const apolloMiss = await peer('peers/apollo.js', 'miss');
    const apolloMemory = await peer('peers/apollo.js', 'memory');
    const mercuriusMiss = await peer('peers/mercurius.js', 'miss');
    const mercuriusMemory = await peer('peers/mercurius.js', 'memory');
    // The ceiling answers the gateway's own bytes, asked for once per session.
    const responses = await Promise.all(sessions.map(async (s) => [s.channelArn, await post(hit.url, body(s, s.streamId))]));
    const ceiling = started(await forkReporting('ceiling.js', {}, { responses }));

    const targets: Target[] = [
      { path: 'miss', server: FLOOR, ...floor, unique: true },
      { path: 'miss', server: GATEWAY, ...miss, unique: true },
      { path: 'miss', server: TRACED, ...traced, unique: true },
      { path: 'miss', server: APOLLO, ...apolloMiss, unique: true },
      { path: 'miss', server: MERCURIUS, ...mercuriusMiss, unique: true },
      { path: 'in memory', server: GATEWAY, ...memory, unique: false },
      { path: 'in memory', server: APOLLO, ...apolloMemory, unique: false },
      { path: 'in memory', server: MERCURIUS, ...mercuriusMemory, unique: false },
      { path: 'response-cache hit', server: GATEWAY, ...hit, unique: false },
      { path: 'ceiling', server: STATIC, ...ceiling, unique: false },
    ];

    // Same answer from every side, or the comparison means nothing.
    for (const session of sessions) {
      const answers = await Promise.all(
        targets.map(async (t) => JSON.parse(await post(t.url, body(session, session.streamId))) as unknown),
      );
      for (const [i, answer] of answers.entries()) {
        if (!isDeepStrictEqual(answer, answers[0])) {
          throw new Error(
            `${label(targets[i]!)} answers differently from the floor for ${session.events} events:\n${JSON.stringify(answer).slice(0, 400)}`,
          );
        }
      }
    }
    if (Object.keys(GATEWAY_ENV).length) console.log(`gateway children with BENCH_GATEWAY_ENV=${JSON.stringify(GATEWAY_ENV)}`);
    console.log(`warming up (${targets.length} targets × ${sessions.length} sessions × 2 s)…`);
    for (const session of sessions) for (const target of targets) await run(target, session, 2);

    const samples = new Map<string, Sample[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const session of sessions) {
        for (const target of targets) {
          const sample = await run(target, session, DURATION_S);
          const key = `${session.events}|${keyOf(target.path, target.server)}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.log(
            `round ${round}/${ROUNDS}  ${String(session.events).padStart(3)} events  ${label(target).padEnd(35)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${(sample.cpuMsPerRequest * 1000).toFixed(0)} µs CPU/req${sample.errors ? `  ${sample.errors} errors` : ''}`,
          );
        }
      }
    }
    printTable(sessions, targets, samples);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    sink.close();
  }
}

function printTable(sessions: BenchSession[], targets: Target[], samples: Map<string, Sample[]>): void {
  const of = (events: number, path: Path, server: string): Sample[] => samples.get(`${events}|${keyOf(path, server)}`)!;
  const rpsOf = (events: number, path: Path, server: string): number => median(of(events, path, server).map((s) => s.rps));
  const perSize = ['req/s', '÷ floor', '÷ ceiling', 'per-round ÷ floor', 'CPU µs/req', 'peak RSS MB'];
  const rows: string[] = [
    `| path | server | ${sessions.flatMap((s) => perSize.map((c) => `${s.events} ev ${c}`)).join(' | ')} |`,
    `|---|---|${sessions.flatMap(() => ['---:', '---:', '---:', '---', '---:', '---:']).join('|')}|`,
  ];
  for (const target of targets) {
    const cells = sessions.flatMap((session) => {
      const floorSamples = of(session.events, 'miss', FLOOR);
      const list = of(session.events, target.path, target.server);
      const rps = median(list.map((s) => s.rps));
      return [
        rps.toFixed(0),
        `**${(rps / rpsOf(session.events, 'miss', FLOOR)).toFixed(2)}×**`,
        `${(rps / rpsOf(session.events, 'ceiling', STATIC)).toFixed(2)}×`,
        list.map((s, i) => (s.rps / floorSamples[i]!.rps).toFixed(2)).join(' '),
        (median(list.map((s) => s.cpuMsPerRequest)) * 1000).toFixed(0),
        Math.max(...list.map((s) => s.rssMb)).toFixed(0),
      ];
    });
    rows.push(`| ${target.path} | ${target.server} | ${cells.join(' | ')} |`);
  }

  // The issue's targets, from the medians above.
  const checks: string[] = [];
  const check = (what: string, ratio: number, goal: number, of_: string): void => {
    const short = ratio >= goal ? '' : ` (${((1 - ratio / goal) * 100).toFixed(0)}% short)`;
    checks.push(`${ratio >= goal ? 'PASS' : 'MISS'}  ${what}: ${ratio.toFixed(2)}× ${of_} (target ≥ ${goal.toFixed(2)}×)${short}`);
  };
  for (const { events } of sessions) {
    const floorRps = rpsOf(events, 'miss', FLOOR);
    check(`cache miss at ${events} events`, rpsOf(events, 'miss', GATEWAY) / floorRps, events >= 500 ? 0.95 : 0.9, 'the floor');
  }
  for (const { events } of sessions) {
    const memoryRps = rpsOf(events, 'in memory', GATEWAY);
    check(`in memory at ${events} events`, memoryRps / rpsOf(events, 'miss', FLOOR), events >= 500 ? 4 : 5, 'the floor');
    check(`in memory at ${events} events`, memoryRps / rpsOf(events, 'in memory', MERCURIUS), 2 / 3, 'Mercurius + jit in memory');
  }
  for (const { events } of sessions) {
    check(
      `response-cache hit at ${events} events`,
      rpsOf(events, 'response-cache hit', GATEWAY) / rpsOf(events, 'ceiling', STATIC),
      0.7,
      'the ceiling',
    );
  }

  console.log(
    `\n${ROUNDS} interleaved rounds of ${DURATION_S} s, ${CONNECTIONS} connections, medians; node ${process.version}, ${cpuModel()}` +
      `${Object.keys(GATEWAY_ENV).length ? `; gateway env ${JSON.stringify(GATEWAY_ENV)}` : ''}\n`,
  );
  console.log(rows.join('\n'));
  console.log(`\n${checks.join('\n')}`);
}

function cpuModel(): string {
  const cpus = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('model name'));
  return `${cpus.length} × ${cpus[0]?.split(':')[1]?.trim() ?? 'cpu'}`;
}

await main();
