/** Child processes of the benchmarks: the gateway as `npm start` runs it (built), and /proc readings of them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const distSrc = join(import.meta.dirname, '..', 'src');

export const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIABENCHMARK', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_REGION: 'us-west-2' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startGateway(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const args = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...args, join(distSrc, 'main.js')], {
    // Production settings, anonymous access allowed (the floor has no authentication either), warnings only in the log.
    env: {
      ...process.env,
      ...AWS_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ALLOW_ANONYMOUS: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
      return { child, url };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('gateway did not start');
}

/** utime + stime of a process, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
}

export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}
