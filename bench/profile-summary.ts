/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and the inclusive time
 * of the heaviest frames, so a profile can be read without DevTools.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [top=30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
const top = Number(topArg ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfTicks = new Map<number, number>();
for (const id of profile.samples) selfTicks.set(id, (selfTicks.get(id) ?? 0) + 1);
const total = profile.samples.length;

const label = (n: ProfileNode): string => {
  const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, ticks] of selfTicks) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + ticks);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + ticks);
  }
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;

// Self time by where the code lives: a package under node_modules, the gateway's own source, Node itself.
const packageOf = (n: ProfileNode): string => {
  const url = n.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (/\/(dist\/)?src\//.test(url)) return `gateway ${/\/src\/([^/]+)/.exec(url)?.[1] ?? ''}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
};
const byPackage = new Map<string, number>();
for (const [id, ticks] of selfTicks) {
  const key = packageOf(byId.get(id)!);
  byPackage.set(key, (byPackage.get(key) ?? 0) + ticks);
}
console.log(`${total} samples\n\nself time by package:`);
for (const [l, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${l}`);
console.log(`\nself time:`);
for (const [l, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${l}`);
console.log('\ninclusive time:');
for (const [l, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${l}`);
