import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../src/config/load.js';

/** The documentation holds the configuration table and the links between pages; no server needed. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC_FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * Variables the configuration table may name although the gateway's schema does not read them (each
 * with why): none today. Only variables read by something else the gateway runs (the AWS SDK's
 * credential chain, say) belong here; a variable the gateway itself reads goes into the schema.
 */
const READ_OUTSIDE_THE_SCHEMA: Readonly<Record<string, string>> = {};

/** Markdown without fenced code blocks and inline code, whose `#` lines and brackets are not markup. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()#]/g, ' '));
}

/** GitHub's heading anchors: lowercase, punctuation removed, spaces to '-', repeats numbered -1, -2, ... */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const text = heading!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** The names in the first column of docs/configuration.md's `| variable | default | meaning |` table. */
function tableVariables(): string[] {
  const lines = read('docs/configuration.md').split('\n');
  const header = lines.findIndex((line) => /^\| *variable *\| *default *\| *meaning *\|/.test(line));
  expect(header, 'docs/configuration.md has the | variable | default | meaning | table').toBeGreaterThanOrEqual(0);
  const names: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const firstCell = line.split('|')[1]!;
    const inCell = [...firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!);
    expect(inCell, `a table row names its variable in backticks: ${line}`).not.toEqual([]);
    names.push(...inCell);
  }
  return names;
}

describe('docs/configuration.md and the config schema', () => {
  const documented = tableVariables();

  it('finds the schema and the table', () => {
    expect(ENV_VARIABLES.length).toBeGreaterThan(50);
    expect(documented.length).toBeGreaterThan(50);
  });

  it('documents every variable the schema reads', () => {
    expect(ENV_VARIABLES.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('documents no variable the schema does not read, except the allow-list', () => {
    expect(documented.filter((name) => !ENV_VARIABLES.includes(name) && !(name in READ_OUTSIDE_THE_SCHEMA))).toEqual([]);
  });

  it('has no stale allow-list entries (each is in the table and not in the schema)', () => {
    for (const name of Object.keys(READ_OUTSIDE_THE_SCHEMA)) {
      expect(documented, `${name} is still in the table`).toContain(name);
      expect(ENV_VARIABLES, `${name} is still not in the schema`).not.toContain(name);
    }
  });

  it('names each variable once', () => {
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  });
});

describe('relative links in README.md and docs/*.md', () => {
  const links = DOC_FILES.flatMap((file) =>
    [...prose(read(file)).matchAll(/\]\(([^)\s]+)(?: +"[^"]*")?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ file, target })),
  );

  it('finds the links', () => {
    expect(links.length).toBeGreaterThan(20);
    expect(links.some(({ target }) => target.includes('#'))).toBe(true);
  });

  it.each(links.map(({ file, target }) => [file, target]))('%s → %s resolves', (file, target) => {
    const [path, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), decodeURIComponent(path));
    expect(existsSync(resolved), `${relative(ROOT, resolved)} exists`).toBe(true);
    if (anchor !== undefined) {
      expect(statSync(resolved).isFile() && resolved.endsWith('.md'), `#${anchor} points into a markdown file`).toBe(true);
      expect([...anchors(readFileSync(resolved, 'utf8'))], `${relative(ROOT, resolved)} has a heading for #${anchor}`).toContain(
        decodeURIComponent(anchor),
      );
    }
  });

  it('makes anchors as GitHub does', () => {
    expect([
      ...anchors('# Live updates: subscriptions\n## `GET /metrics` and Redis\n## Errors\n## Errors\n```\n# not a heading\n```\n'),
    ]).toEqual(['live-updates-subscriptions', 'get-metrics-and-redis', 'errors', 'errors-1']);
  });
});
