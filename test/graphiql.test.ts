import { copyFileSync, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { setLiveState } from '../src/embedded-ivs/timeline.js';
import { EXAMPLE_QUERY } from '../src/http/graphiql/index.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Written on every run; committed and shown in the README. */
// Every run leaves its screenshot as a test artifact; UPDATE_SCREENSHOT=1 also refreshes the README's copy.
const SCREENSHOT = join(ROOT, 'test-artifacts', 'graphiql.png');
const README_SCREENSHOT = join(ROOT, 'docs', 'graphiql.png');
const SUBSCRIPTION_SCREENSHOT = join(ROOT, 'test-artifacts', 'graphiql-subscription.png');
const README_SUBSCRIPTION_SCREENSHOT = join(ROOT, 'docs', 'graphiql-subscription.png');
// One line, typed key by key: the editor's auto-closed brackets and quotes are then typed over, not doubled.
const LIVE_SUBSCRIPTION = `subscription LiveStream { streamChanged(channelArn: "${demo.euLive.channelArn}") { changes stream { streamId health viewerCount startTime } } }`;
/** Debian's package, installed by scripts/install-chromium.sh (CI runs it before `npm test`). */
const CHROMIUM = '/usr/bin/chromium';
/** The demo live channel's latest session (src/embedded-ivs/demo-data.ts), which the example query reads. */
const EXAMPLE_STREAM_ID = 'st-NaEHoet4oL7ZL8Fl6ZS5t0F';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'; // what Chromium sends

async function openPage(url: string) {
  const response = await fetch(url, { headers: { accept: HTML } });
  return { response, html: await response.text() };
}

function assetUrls(html: string, base: string): string[] {
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g), ...html.matchAll(/"(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  return [...new Set(urls)].map((u) => new URL(u, base).toString());
}

describe('GraphiQL', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ LIVE_POLL_INTERVAL_MS: '300' });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('is served to browsers on GET /graphql, and refers only to the gateway itself', async () => {
    const { response, html } = await openPage(gateway.app.graphqlUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain(JSON.stringify('LatestSession').slice(1, -1));
    expect(html).not.toMatch(/https?:\/\/|["'(]\/\//); // no absolute or protocol-relative URL at all
    expect(html.length).toBeLessThan(10_000);
    const urls = assetUrls(html, gateway.app.graphqlUrl);
    expect(urls).toHaveLength(6); // stylesheet, favicon, script, three Monaco workers
    for (const url of urls) expect(url.startsWith(new URL('/graphiql/assets/', gateway.app.graphqlUrl).toString())).toBe(true);
  });

  it('serves its script, stylesheet and workers from memory, gzipped and cached for good', async () => {
    const { html } = await openPage(gateway.app.graphqlUrl);
    for (const url of assetUrls(html, gateway.app.graphqlUrl)) {
      const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const body = await response.text();
      if (url.endsWith('.css')) {
        // Fonts and images are inlined as data: URLs; nothing is imported from elsewhere.
        expect(body).not.toMatch(/@import/);
        expect(body.match(/url\((?!["']?data:)[^)]*\)/g) ?? []).toEqual([]);
      }
    }
    const stale = await fetch(new URL('/graphiql/assets/0000000000000000/graphiql.js', gateway.app.graphqlUrl));
    expect(stale.status).toBe(404);
  });

  it('leaves JSON over POST and GET /graphql as it was', async () => {
    const posted = await gateway.query('{ __typename }');
    expect(posted).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const url = `${gateway.app.graphqlUrl}?query=${encodeURIComponent('{ __typename }')}`;
    const got = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('is off with GRAPHIQL=false: no page, no assets', async () => {
    const { html } = await openPage(gateway.app.graphqlUrl);
    const [asset] = assetUrls(html, gateway.app.graphqlUrl);
    const off = await startTestGateway({ GRAPHIQL: 'false' });
    try {
      const { response, html: body } = await openPage(off.app.graphqlUrl);
      expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
      expect(body).not.toContain('GraphiQL');
      const path = new URL(asset!).pathname;
      expect((await fetch(new URL(path, off.app.graphqlUrl))).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('GRAPHIQL defaults to on, except in production, and rejects a bad value with one line', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: '0' }).graphiql).toBe(false);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/^Invalid GRAPHIQL="yes": must be true or false$/);
  });

  it('opens with the example query the README shows', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme.includes(EXAMPLE_QUERY), 'README.md quotes src/http/graphiql/example-query.ts verbatim').toBe(true);
    const { body } = await gateway.query(EXAMPLE_QUERY);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ streamSession: { streamId: EXAMPLE_STREAM_ID } });
  });

  it('runs the example query in headless Chromium, with no request leaving 127.0.0.1', { timeout: 120_000 }, async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      const reason = `${CHROMIUM} is missing: run scripts/install-chromium.sh (as root) to install Debian's chromium`;
      if (process.env.CI && process.env.CI !== 'false') throw new Error(`CI must run the GraphiQL browser test, but ${reason}.`);
      console.warn(`GraphiQL browser test skipped: ${reason}.`);
      ctx.skip(reason);
    }

    const origin = new URL(gateway.app.graphqlUrl).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const profile = await mkdtemp(join(tmpdir(), 'graphiql-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const requests: string[] = [];
      const pageErrors: string[] = [];
      browser.on('request', (request) => requests.push(request.url()));
      browser.on('weberror', (error) => pageErrors.push(String(error.error())));
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.on('websocket', (socket) => requests.push(socket.url()));

      await page.goto(gateway.app.graphqlUrl, { waitUntil: 'load' });
      expect(await page.title()).toBe('IVS GraphQL gateway');

      const queryEditor = page.locator('.graphiql-query-editor');
      await queryEditor.getByText('query LatestSession').waitFor();
      // The headers editor and a schema explorer are on the page.
      await page.getByRole('button', { name: 'Headers' }).waitFor();
      await page.getByRole('button', { name: /Show Documentation Explorer/i }).waitFor();

      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 60_000 }).toContain(EXAMPLE_STREAM_ID);
      const shown = (await result.innerText()).replace(/\u00a0/g, ' ');
      expect(shown).toContain('"streamSession"');
      expect(shown).toContain('"latencyMode"');

      // Open the GraphiQL explorer plugin beside the editor, for the screenshot.
      await page.getByRole('button', { name: /Show GraphiQL Explorer/i }).click();
      await page.locator('.graphiql-explorer-root, .docExplorerWrap').first().waitFor();
      await page.evaluate('document.activeElement?.blur()'); // no focused input in the picture
      await mkdir(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(SCREENSHOT, README_SCREENSHOT);

      // A live subscription (graphql-sse through GraphiQL): the current state, then a change pushed by the poller.
      await page.locator('.graphiql-query-editor .monaco-editor').first().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type(LIVE_SUBSCRIPTION);
      await page.keyboard.press('Escape'); // closes the autocompletion list
      await queryEditor.getByText('subscription LiveStream').waitFor();
      // GraphiQL picks up the new operation name after a short debounce; run only once it has.
      await page.waitForTimeout(1000);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('CURRENT');
      setLiveState(gateway.ivs.data, demo.euLive.channelArn, { health: 'STARVING', viewerCount: 13_001 });
      await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('HEALTH_CHANGED');
      await page.getByRole('button', { name: /Prettify/i }).click(); // the one-line operation, laid out for the picture
      await page.evaluate('document.activeElement?.blur()');
      await page.screenshot({ path: SUBSCRIPTION_SCREENSHOT });
      if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(SUBSCRIPTION_SCREENSHOT, README_SUBSCRIPTION_SCREENSHOT);
      await page.locator('.graphiql-execute-button').click(); // stops the subscription

      expect(pageErrors).toEqual([]);
      // The page, its assets and the Monaco workers all came by URL from the gateway (none inlined, none elsewhere).
      expect(requests).toContain(`${origin}/graphql`);
      expect(requests.filter((url) => url.endsWith('.worker.js')).length).toBeGreaterThanOrEqual(2);
      const left = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
      expect(left, 'requests that did not go to the gateway itself').toEqual([]);
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
