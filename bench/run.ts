/**
 * `npm run bench`: the raw-SDK floor, the gateway on a cache miss (tracing off, and on with every span
 * exported over OTLP) and the gateway on a cache hit,
 * side by side on this machine, against one upstream that answers instantly, with 20-event and
 * 500-event sessions. Every server is its own child process (so its CPU time and RSS are its own);
 * autocannon drives them from this process, one target at a time, interleaved over several rounds.
 *
 * Environment: BENCH_ROUNDS (default 4), BENCH_DURATION_S (seconds per run, default 5),
 * BENCH_CONNECTIONS (default 10), BENCH_CPU_PROF=<dir> (gateway children write --cpu-prof profiles there).
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

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const here = import.meta.dirname;

type TargetName = 'raw-SDK floor' | 'gateway, cache miss' | 'gateway, miss, traced' | 'gateway, cache hit';
interface Target {
  name: TargetName;
  url: string;
  child: ChildProcess;
  /** Unique streamIds per request (every request a miss) or the same session every time. */
  unique: boolean;
}

interface Sample {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  rssMb: number;
  errors: number;
}

function forkReporting(module: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(here, module), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, url: (message as { url: string }).url }));
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

async function post(url: string, payload: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
  return response.json();
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const sessions = benchSessions();
  const upstream = await forkReporting('upstream.js', {});
  const floor = await forkReporting('floor.js', { ...AWS_ENV, IVS_ENDPOINT: upstream.url });
  // The miss side keeps production settings; unique streamIds make every request a miss. The limiter is
  // off on both gateway sides: the upstream is not IVS, and 5 calls per second would measure the quota.
  const miss = await startGateway({ IVS_ENDPOINT: upstream.url, LIMITER_ENABLED: 'false' });
  const hit = await startGateway({ IVS_ENDPOINT: upstream.url, LIMITER_ENABLED: 'false' });
  // Tracing on (every span exported over OTLP to a sink that only answers 200) beside the miss side with
  // tracing off, which is what no OTEL_* exporter configured means: the SDK is never loaded.
  const sink = createServer((req, res) => req.resume().on('end', () => res.end())).listen(0, '127.0.0.1');
  await new Promise((resolve) => sink.once('listening', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const traced = await startGateway({
    IVS_ENDPOINT: upstream.url,
    LIMITER_ENABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_SERVICE_NAME: 'bench',
  });
  const targets: Target[] = [
    { name: 'raw-SDK floor', url: floor.url, child: floor.child, unique: true },
    { name: 'gateway, cache miss', url: miss.url, child: miss.child, unique: true },
    { name: 'gateway, miss, traced', url: traced.url, child: traced.child, unique: true },
    { name: 'gateway, cache hit', url: hit.url, child: hit.child, unique: false },
  ];
  const children = [upstream.child, ...targets.map((t) => t.child)];
  try {
    // Same answer from every side, or the comparison means nothing.
    for (const session of sessions) {
      const answers = await Promise.all(targets.map((t) => post(t.url, body(session, session.streamId))));
      for (const [i, answer] of answers.entries()) {
        if (!isDeepStrictEqual(answer, answers[0])) {
          throw new Error(
            `${targets[i]!.name} answers differently from the floor for ${session.events} events:\n${JSON.stringify(answer).slice(0, 400)}`,
          );
        }
      }
    }
    console.log(`warming up (${targets.length} targets × ${sessions.length} sessions × 2 s)…`);
    for (const session of sessions) for (const target of targets) await run(target, session, 2);

    const samples = new Map<string, Sample[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const session of sessions) {
        for (const target of targets) {
          const sample = await run(target, session, DURATION_S);
          const key = `${session.events}|${target.name}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.log(
            `round ${round}/${ROUNDS}  ${String(session.events).padStart(3)} events  ${target.name.padEnd(22)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms  ${(sample.cpuMsPerRequest * 1000).toFixed(0)} µs CPU/req${sample.errors ? `  ${sample.errors} errors` : ''}`,
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
  const rows: string[] = [
    `| events | side | req/s | p50 ms | p99 ms | CPU µs/req | RSS MB | req/s ÷ floor | floor CPU ÷ CPU | per-round req/s ÷ floor |`,
    `|---:|---|---:|---:|---:|---:|---:|---:|---:|---|`,
  ];
  const verdicts: string[] = [];
  for (const session of sessions) {
    const floorSamples = samples.get(`${session.events}|raw-SDK floor`)!;
    const floorRps = median(floorSamples.map((s) => s.rps));
    const floorCpu = median(floorSamples.map((s) => s.cpuMsPerRequest));
    for (const target of targets) {
      const list = samples.get(`${session.events}|${target.name}`)!;
      const rps = median(list.map((s) => s.rps));
      const cpu = median(list.map((s) => s.cpuMsPerRequest));
      const perRound = list.map((s, i) => (s.rps / floorSamples[i]!.rps).toFixed(2)).join(' ');
      rows.push(
        `| ${session.events} | ${target.name} | ${rps.toFixed(0)} | ${median(list.map((s) => s.p50))} | ${median(list.map((s) => s.p99))} | ` +
          `${(cpu * 1000).toFixed(0)} | ${Math.max(...list.map((s) => s.rssMb)).toFixed(0)} | ` +
          `**${(rps / floorRps).toFixed(2)}×** | ${(floorCpu / cpu).toFixed(2)}× | ${perRound} |`,
      );
      const target_ = target.name === 'gateway, cache miss' ? 0.9 : target.name === 'gateway, cache hit' ? 4 : undefined;
      if (target_ !== undefined) {
        const ratio = rps / floorRps;
        verdicts.push(
          `${target.name} at ${session.events} events: ${ratio.toFixed(2)}× (target ≥ ${target_}×) ${ratio >= target_ ? 'met' : `NOT met (${((1 - ratio / target_) * 100).toFixed(0)}% short)`}`,
        );
      }
    }
  }
  console.log(
    `\n${ROUNDS} interleaved rounds of ${DURATION_S} s, ${CONNECTIONS} connections, medians; node ${process.version}, ${cpuModel()}\n`,
  );
  console.log(rows.join('\n'));
  console.log(`\n${verdicts.join('\n')}`);
}

function cpuModel(): string {
  const cpus = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('model name'));
  return `${cpus.length} × ${cpus[0]?.split(':')[1]?.trim() ?? 'cpu'}`;
}

await main();
