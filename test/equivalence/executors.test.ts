import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import type { RecordedOperation } from '../support/record-operations.js';

/**
 * The compiled executor (graphql-jit) and graphql-js give byte-identical responses to every operation
 * the test suite sent (recorded by test/support/record-operations.ts while the e2e project ran; this
 * project runs after it) and every one the README and docs show.
 */

const ROOT = join(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** ```graphql blocks, and the JSON bodies of curl commands (`-d '{...}'`). */
function documentedOperations(): RecordedOperation[] {
  const operations: RecordedOperation[] = [];
  for (const file of DOCS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const [, block] of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
      // Schema excerpts are not operations.
      if (!/^\s*(type|extend|schema|scalar|enum|union|interface|input|directive)\b/m.test(block!)) operations.push({ query: block! });
    }
    for (const [, body] of text.matchAll(/curl [^\n]*?-d '(\{[^']*\})'/g)) {
      const parsed = JSON.parse(body!) as RecordedOperation;
      if (typeof parsed.query === 'string') operations.push(parsed);
    }
  }
  return operations;
}

function recordedOperations(): RecordedOperation[] {
  const dir = process.env.OPERATIONS_RECORD_DIR;
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedOperation),
    );
}

function distinct(operations: RecordedOperation[]): RecordedOperation[] {
  const seen = new Map<string, RecordedOperation>();
  for (const operation of operations) seen.set(JSON.stringify(operation), operation);
  return [...seen.values()];
}

interface Answer {
  status: number;
  cacheControl: string | null;
  body: string;
}

async function answer(gateway: TestGateway, operation: RecordedOperation): Promise<Answer> {
  const response = await fetch(gateway.app.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(operation),
  });
  // Request ids (the gateway's in a masked error, IVS's in an IVS error) differ between any two requests.
  const body = (await response.text()).replace(/"(requestId|ivsRequestId)":"[^"]*"/g, '"$1":"…"');
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body };
}

async function executions(gateway: TestGateway): Promise<Record<string, number>> {
  const text = await (await fetch(gateway.app.metricsUrl!)).text();
  const counts: Record<string, number> = {};
  for (const [, executor, reason, value] of text.matchAll(
    /^ivs_gateway_graphql_executions_total\{executor="([^"]+)",reason="([^"]+)"\} (\d+)/gm,
  )) {
    counts[`${executor}/${reason}`] = Number(value);
  }
  return counts;
}

const DETERMINISTIC = { IVS_TIMEOUT_MS: '1000', IVS_MAX_ATTEMPTS: '1' };

describe('the compiled executor answers exactly as graphql-js', () => {
  let jit: TestGateway;
  let graphqlJs: TestGateway;
  const documented = distinct(documentedOperations());
  const recorded = distinct(recordedOperations());
  const corpus = distinct([...documented, ...recorded]);

  beforeAll(async () => {
    // Answers that do not depend on timing: the demo's slow channel answers after 10 s, past a 1 s deadline
    // as past the default 5 s one (sooner), and its throttled channel is THROTTLED at once, without the
    // SDK's jittered retries, which could end before or after that deadline.
    // startTestGateway compiles each operation on first use (COMPILE_AFTER_EXECUTIONS=0).
    jit = await startTestGateway({ GRAPHQL_EXECUTOR: 'jit', ...DETERMINISTIC });
    // Each on an embedded IVS of its own, with the same demo data, so each pair of requests runs side by side.
    graphqlJs = await startTestGateway({ GRAPHQL_EXECUTOR: 'graphql-js', ...DETERMINISTIC });
  });
  afterAll(async () => {
    await jit?.close();
    await graphqlJs?.close();
  });

  it('has a corpus: the documented operations, and in a full run every operation the suite sent', () => {
    expect(documented.length).toBeGreaterThanOrEqual(3);
    // `npm test` (CI) runs the e2e project first; a run of this file alone has only the documented ones.
    if (process.env.CI) expect(recorded.length).toBeGreaterThan(200);
  });

  it('gives byte-identical responses (status, Cache-Control, body) to every operation of the corpus', async () => {
    const differences: string[] = [];
    const compare = async (operation: RecordedOperation) => {
      const [compiled, reference] = await Promise.all([answer(jit, operation), answer(graphqlJs, operation)]);
      if (JSON.stringify(compiled) !== JSON.stringify(reference)) {
        differences.push(
          `${JSON.stringify(operation).slice(0, 300)}\n  jit:        ${JSON.stringify(compiled).slice(0, 600)}\n  graphql-js: ${JSON.stringify(reference).slice(0, 600)}`,
        );
      }
    };
    // One operation at a time on each side: concurrent requests share the in-flight caps and batches,
    // so the demo's fault channels would answer by timing, not by executor.
    for (const operation of corpus) await compare(operation);
    expect(differences.slice(0, 10).join('\n')).toBe('');
    // The comparison meant something: one side compiled operations, the other never did.
    const [compiled, reference] = [await executions(jit), await executions(graphqlJs)];
    expect(compiled['jit/compiled']).toBeGreaterThan(0);
    expect(Object.keys(reference)).toEqual(['graphql-js/configured']);
  }, 300_000);

  it('answers a router asking for an ftv1 trace on graphql-js, with every resolved field in the trace', async () => {
    const traced = async (gateway: TestGateway) => {
      const response = await gateway.post(
        {
          query:
            '{ streamSession(channelArn: "arn:aws:ivs:us-west-2:123456789012:channel/ggyobZxg2oBg") { streamId channel { name tags { key value } } } }',
        },
        { 'apollo-federation-include-trace': 'ftv1' },
      );
      const { ftv1 } = (response.body as { extensions?: { ftv1?: string } }).extensions ?? {};
      const names: string[] = [];
      const walk = (node: Trace.INode | null | undefined) => {
        for (const child of node?.child ?? []) {
          if (child.responseName) names.push(child.responseName);
          walk(child);
        }
      };
      walk(Trace.decode(Buffer.from(ftv1!, 'base64')).root);
      return { data: response.body.data, names: names.sort() };
    };
    const before = (await executions(jit))['graphql-js/traced'] ?? 0;
    const [compiled, reference] = [await traced(jit), await traced(graphqlJs)];
    expect(compiled).toEqual(reference);
    expect(compiled.names).toEqual(expect.arrayContaining(['streamSession', 'streamId', 'channel', 'name', 'tags']));
    expect((await executions(jit))['graphql-js/traced']).toBe(before + 1);
  });
});
