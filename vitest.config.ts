import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

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
    // `npm run test:unit` runs the fast in-process tests alone (seconds); `npm test` runs both.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'] } },
    ],
  },
});
