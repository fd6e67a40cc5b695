import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { IvsClients } from '../src/upstream/clients.js';
import { NO_QUOTA } from '../src/upstream/call.js';
import { RegionLimiter } from '../src/upstream/in-flight-cap.js';
import { IVS_RATE_LIMITS } from '../src/kernel/ivs-operations.js';
import { Metrics } from '../src/platform/metrics.js';
import { Readiness } from '../src/http/health.js';
import { AUDIENCE, createIssuer, ISSUER, serveJwks } from './support/credentials.js';
import { startTestGateway } from './support/gateway.js';

const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');

describe('GET /healthz and GET /readyz', () => {
  it('answer without credentials and without GraphQL, even with anonymous access off', async () => {
    const gw = await startTestGateway({ ALLOW_ANONYMOUS: 'false' });
    try {
      const health = await fetch(`${base(gw.app.graphqlUrl)}/healthz?query=${encodeURIComponent('{ __typename }')}`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(health.headers.get('cache-control')).toBe('no-store');

      gw.ivs.resetCalls();
      const ready = await fetch(`${base(gw.app.graphqlUrl)}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { config: 'ok', ivs: 'ok' } });
      // One cheap signed call in the first configured region.
      expect(gw.ivs.calls.map((c) => [c.operation, c.region, c.body])).toEqual([['ListChannels', 'us-west-2', { maxResults: 1 }]]);

      // Probes within a few seconds reuse the answer: load balancers must not spend the IVS quota.
      await Promise.all(Array.from({ length: 5 }, () => fetch(`${base(gw.app.graphqlUrl)}/readyz`)));
      expect(gw.ivs.callCount()).toBe(1);
    } finally {
      await gw.close();
    }
  });

  it('readyz is 503 when IVS does not answer, while healthz stays 200', async () => {
    const gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '1' });
    try {
      await gw.ivs.close();
      const ready = await fetch(`${base(gw.app.graphqlUrl)}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { config: 'ok', ivs: 'unreachable' } });
      expect((await fetch(`${base(gw.app.graphqlUrl)}/healthz`)).status).toBe(200);
    } finally {
      await gw.app.close();
    }
  });

  it('readyz counts any HTTP answer from IVS (even 403) as reachable', async () => {
    const denying = createServer((_req, res) => {
      res
        .writeHead(403, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException' })
        .end(JSON.stringify({ message: 'denied' }));
    });
    await new Promise<void>((resolve) => denying.listen(0, '127.0.0.1', resolve));
    const clients = new IvsClients({
      endpoint: `http://127.0.0.1:${(denying.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      timeoutMs: 2000,
      maxAttempts: 1,
      allowedRegions: ['us-west-2'],
    });
    try {
      const logger = pino({ level: 'silent' });
      const upstream = {
        clients,
        inFlight: new RegionLimiter(5, IVS_RATE_LIMITS),
        quota: NO_QUOTA,
        metrics: new Metrics(),
        logger,
        timeoutMs: 2000,
        allowedRegions: ['us-west-2'],
      };
      const readiness = new Readiness({ upstream, region: 'us-west-2', timeoutMs: 2000, jwt: null, logger });
      expect(await readiness.check()).toEqual({ ready: true, checks: { config: 'ok', ivs: 'ok' } });
      readiness.drain();
      expect(await readiness.check()).toEqual({ ready: false, checks: { config: 'ok', shutdown: 'draining' } });
    } finally {
      clients.destroy();
      denying.closeAllConnections();
      denying.close();
    }
  });

  it('readyz is 503 while a JWKS URL cannot be fetched', async () => {
    const issuer = await createIssuer();
    const jwks = await serveJwks(issuer.jwks);
    jwks.fail(true);
    const gw = await startTestGateway({ JWT_JWKS_URL: jwks.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    try {
      const ready = await fetch(`${base(gw.app.graphqlUrl)}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { config: 'ok', ivs: 'ok', jwks: 'unavailable' } });
    } finally {
      await gw.close();
      await jwks.close();
    }
  });
});
