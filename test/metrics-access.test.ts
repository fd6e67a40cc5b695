import { describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const TOKEN = 'metrics-token-8f2c4a9e1b7d3f60';

const publicMetrics = (gw: TestGateway) => gw.app.graphqlUrl.replace(/\/graphql$/, '/metrics');
const scrape = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

async function withGateway(env: Record<string, string>, run: (gw: TestGateway) => Promise<void>): Promise<void> {
  const gw = await startTestGateway(env);
  try {
    await run(gw);
  } finally {
    await gw.close();
  }
}

describe('who may scrape GET /metrics', () => {
  it('is not served on the public listener in production without METRICS_PORT or METRICS_TOKEN, and a warning says so', async () => {
    await withGateway({ NODE_ENV: 'production' }, async (gw) => {
      expect((await scrape(publicMetrics(gw))).status).toBe(404);
      expect(gw.app.metricsUrl).toBeNull();
      expect(gw.logs.some((l) => l.level === 40 && /METRICS_PORT or METRICS_TOKEN/.test(String(l.msg)))).toBe(true);
    });
  });

  it('needs the METRICS_TOKEN bearer token when it is set: 401 without it or with another, 200 with it', async () => {
    await withGateway({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN }, async (gw) => {
      const url = publicMetrics(gw);
      expect(gw.app.metricsUrl).toBe(url);
      const wrong: Array<Record<string, string>> = [
        {},
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: TOKEN },
        { 'x-api-key': TOKEN },
      ];
      for (const headers of wrong) {
        const response = await scrape(url, headers);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await response.json()).toEqual({
          errors: [{ message: expect.stringMatching(/METRICS_TOKEN/), extensions: { code: 'UNAUTHENTICATED' } }],
        });
      }
      const response = await scrape(url, { authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^process_cpu_seconds_total /m);
      expect(gw.logs.some((l) => /METRICS_PORT or METRICS_TOKEN/.test(String(l.msg)))).toBe(false);
    });
  });

  it('is served only on the METRICS_PORT listener when it is set, never on the public one', async () => {
    await withGateway({ METRICS_PORT: '0' }, async (gw) => {
      const url = gw.app.metricsUrl!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(url).not.toBe(publicMetrics(gw));
      expect((await scrape(publicMetrics(gw))).status).toBe(404);
      const response = await scrape(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^process_cpu_seconds_total /m);
      // That listener serves nothing else.
      expect((await fetch(url.replace(/\/metrics$/, '/graphql'), { method: 'POST' })).status).toBe(404);
    });
  });

  it('holds the METRICS_PORT listener to METRICS_TOKEN too when both are set', async () => {
    await withGateway({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN }, async (gw) => {
      expect((await scrape(gw.app.metricsUrl!)).status).toBe(401);
      expect((await scrape(gw.app.metricsUrl!, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    });
  });

  it('stays open on the public listener outside production', async () => {
    await withGateway({}, async (gw) => {
      expect(gw.app.metricsUrl).toBe(publicMetrics(gw));
      expect((await scrape(publicMetrics(gw))).status).toBe(200);
    });
  });
});
