import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Where the e2e project records the operations its tests send, for the equivalence project to replay
// (test/equivalence/); set OPERATIONS_RECORD_DIR to replay an earlier run's recording.
const givenRecordDir = process.env.OPERATIONS_RECORD_DIR;
const operationsRecordDir = givenRecordDir ?? mkdtempSync(join(tmpdir(), 'ivs-gateway-operations-'));
if (!givenRecordDir) process.once('exit', () => rmSync(operationsRecordDir, { recursive: true, force: true }));

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for the server's dependencies; Vite would hand test files the
    // ESM build, and two graphql instances refuse each other's schemas. One copy, as in production.
    alias: { graphql: createRequire(import.meta.url).resolve('graphql') },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: {
      LOG_LEVEL: 'silent',
      // Read by the AWS default credential chain, exactly as in production; the embedded IVS accepts any key.
      AWS_ACCESS_KEY_ID: 'AKIATESTGATEWAY',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_REGION: 'us-east-1',
    },
    // `npm run test:unit` runs the fast in-process tests alone (seconds); `npm test` runs them all, the
    // equivalence project last: it replays what the e2e project's tests sent (test/support/record-operations.ts).
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/equivalence/**'],
          setupFiles: ['test/support/record-operations.ts'],
          env: { OPERATIONS_RECORD_DIR: operationsRecordDir },
        },
      },
      {
        extends: true,
        test: {
          name: 'equivalence',
          include: ['test/equivalence/**/*.test.ts'],
          env: { OPERATIONS_RECORD_DIR: operationsRecordDir },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
