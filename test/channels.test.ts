import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData, demo, DEMO_ACCOUNT_ID, demoFleet, findDemoChannel, type DemoData } from '../src/embedded-ivs/demo-data.js';
import { API_KEYS, KEYS } from './support/credentials.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';

/** The demo data plus 60 extra channels in one region, so one operation can ask for more than 50. */
function dataWith60ExtraChannels(): { data: DemoData; arns: string[] } {
  const data = createDemoData();
  const arns = Array.from({ length: 60 }, (_, i) => `arn:aws:ivs:us-west-2:123456789012:channel/batch${String(i).padStart(7, '0')}`);
  for (const [i, arn] of arns.entries()) {
    data.channels.push({
      channel: {
        arn,
        name: `batch-${i}`,
        type: 'STANDARD',
        latencyMode: 'LOW',
        authorized: false,
        insecureIngest: false,
        preset: '',
        recordingConfigurationArn: '',
        playbackRestrictionPolicyArn: '',
        tags: {},
        ingestEndpoint: 'a1b2c3d4e5f6.global-contribute.live-video.net',
        playbackUrl: `https://a1b2c3d4e5f6.us-west-2.playback.live-video.net/api/video/v1/us-west-2.123456789012.channel.batch${i}.m3u8`,
      },
      sessions: [],
    });
  }
  return { data, arns };
}

const sessionIds = (data: DemoData, channelArn: string) => findDemoChannel(data, channelArn)!.sessions.map((s) => s.streamId);

describe('channels, session history and live state', () => {
  let gw: TestGateway;
  let extraArns: string[];
  beforeAll(async () => {
    const { data, arns } = dataWith60ExtraChannels();
    extraArns = arns;
    gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '1' }, { data });
  });
  afterAll(() => gw.close());

  it('asks for 60 distinct channels of one region with 2 BatchGetChannel calls (50 + 10)', async () => {
    gw.ivs.resetCalls();
    // Aliases, a repeat and a nested channel: all through the same loader.
    const aliases = extraArns.map((arn, i) => `c${i}: channel(arn: "${arn}") { arn name }`);
    const { body } = await gw.query(`{ ${aliases.join('\n')} again: channel(arn: "${extraArns[0]}") { name } }`);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toHaveLength(61);
    expect((body.data!.c59 as { name: string }).name).toBe('batch-59');
    const batches = gw.ivs.calls.filter((c) => c.operation === 'BatchGetChannel');
    expect(batches.map((c) => (c.body as { arns: string[] }).arns.length).sort((a, b) => a - b)).toEqual([10, 50]);
  });

  it('fails only the channel IVS reports an error for inside its 200 answer', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{
      ok: channel(arn: "${demo.fullest.channelArn}") { name }
      missing: channel(arn: "arn:aws:ivs:us-west-2:123456789012:channel/NoSuchChanne") { name }
      denied: channel(arn: "${demo.accessDenied.channelArn}") { name }
    }`);
    expect(body.data).toEqual({
      ok: { name: findDemoChannel(gw.ivs.data, demo.fullest.channelArn)!.channel.name },
      missing: null,
      denied: null,
    });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual(
      expect.arrayContaining([
        [['missing'], 'NOT_FOUND'],
        [['denied'], 'FORBIDDEN'],
      ]),
    );
    // IVS's per-item text names the gateway's IAM principal: the client gets a fixed message instead.
    expect(body.errors?.find((e) => e.path?.[0] === 'denied')?.message).toMatch(
      new RegExp(`^IVS does not allow this gateway to read ${demo.accessDenied.channelArn}\\. Ask the gateway's operator`),
    );
    expect(JSON.stringify(body.errors)).not.toMatch(/arn:aws:iam|User:/);
    expect(gw.ivs.callCount('BatchGetChannel')).toBe(1);
  });

  it('lists a page of 25 sessions from their summaries with one ListStreamSessions and no GetStreamSession', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ channel(arn: "${demo.busy.channelArn}") {
      streamSessions(first: 25) { edges { cursor node { streamId startTime endTime hasErrorEvent } } pageInfo { hasNextPage endCursor } } } }`);
    expect(body.errors).toBeUndefined();
    const connection = (
      body.data!.channel as {
        streamSessions: { edges: Array<{ node: { streamId: string; hasErrorEvent: boolean } }>; pageInfo: { hasNextPage: boolean } };
      }
    ).streamSessions;
    expect(connection.edges.map((e) => e.node.streamId)).toEqual(sessionIds(gw.ivs.data, demo.busy.channelArn).slice(0, 25));
    expect(connection.edges.every((e) => typeof e.node.hasErrorEvent === 'boolean')).toBe(true);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(gw.ivs.callCount('ListStreamSessions')).toBe(1);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(0);
  });

  it('fetches a listed session with GetStreamSession only when a detail field is selected, once per session, within the cap', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ channel(arn: "${demo.busy.channelArn}") {
      streamSessions(first: 25) { nodes { streamId truncatedEvents { name } again: truncatedEvents { eventTime } } } } }`);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data!.channel as { streamSessions: { nodes: Array<{ streamId: string; truncatedEvents: unknown[] }> } })
      .streamSessions.nodes;
    expect(nodes).toHaveLength(25);
    const busy = findDemoChannel(gw.ivs.data, demo.busy.channelArn)!;
    expect(nodes[3]!.truncatedEvents).toHaveLength(busy.sessions[3]!.truncatedEvents!.length);
    expect(gw.ivs.callCount('ListStreamSessions')).toBe(1);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(25);
    expect(
      new Set(gw.ivs.calls.filter((c) => c.operation === 'GetStreamSession').map((c) => (c.body as { streamId: string }).streamId)).size,
    ).toBe(25);
    expect(gw.ivs.maxInFlight('GetStreamSession', 'us-west-2')).toBeLessThanOrEqual(5);
  });

  it('walks every page of a 150-session channel and returns each session exactly once', async () => {
    gw.ivs.resetCalls();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { body } = await gw.query(
        `query($arn: ID!, $after: String) { channel(arn: $arn) { streamSessions(first: 40, after: $after) { nodes { streamId } pageInfo { hasNextPage endCursor } } } }`,
        { arn: demo.busy.channelArn, after },
      );
      expect(body.errors).toBeUndefined();
      const page = (
        body.data!.channel as {
          streamSessions: { nodes: Array<{ streamId: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        }
      ).streamSessions;
      seen.push(...page.nodes.map((n) => n.streamId));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(seen).toHaveLength(150);
    expect(seen).toEqual(sessionIds(gw.ivs.data, demo.busy.channelArn));
    expect(pages).toBe(4);
    expect(gw.ivs.callCount('ListStreamSessions')).toBe(4);
  });

  it('continues after an edge in the middle of a page', async () => {
    const query = `query($arn: ID!, $after: String) { channel(arn: $arn) { streamSessions(first: 10, after: $after) { edges { cursor node { streamId } } } } }`;
    const first = await gw.query(query, { arn: demo.busy.channelArn });
    const edges = (first.body.data!.channel as { streamSessions: { edges: Array<{ cursor: string }> } }).streamSessions.edges;
    const next = await gw.query(query, { arn: demo.busy.channelArn, after: edges[3]!.cursor });
    const ids = (next.body.data!.channel as { streamSessions: { edges: Array<{ node: { streamId: string } }> } }).streamSessions.edges.map(
      (e) => e.node.streamId,
    );
    expect(ids[0]).toBe(sessionIds(gw.ivs.data, demo.busy.channelArn)[4]);
  });

  it.each([0, 101, -5])('refuses first: %i with BAD_USER_INPUT before calling IVS', async (first) => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(
      `{ channel(arn: "${demo.busy.channelArn}") { streamSessions(first: ${first}) { nodes { streamId } } } }`,
    );
    expect(body.errors?.[0]).toMatchObject({
      path: ['channel', 'streamSessions'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
    expect(gw.ivs.callCount('ListStreamSessions')).toBe(0);
  });

  it('refuses a cursor it did not issue, and a cursor of another list', async () => {
    // Not base64url JSON at all; base64url of `null`, of `[]` and of `"x"` (JSON, but not a cursor).
    for (const after of ['not-a-cursor', 'bnVsbA', 'W10', 'Ingi']) {
      const forged = await gw.query(`query($after: String) { channels(after: $after) { nodes { arn } } }`, { after });
      expect(forged.body.errors?.[0]?.extensions, after).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    const other = await gw.query(`{ channel(arn: "${demo.busy.channelArn}") { streamSessions(first: 2) { pageInfo { endCursor } } } }`);
    const cursor = (other.body.data!.channel as { streamSessions: { pageInfo: { endCursor: string } } }).streamSessions.pageInfo.endCursor;
    const { body } = await gw.query(
      `query($after: String) { channel(arn: "${demo.euLive.channelArn}") { streamSessions(after: $after) { nodes { streamId } } } }`,
      { after: cursor },
    );
    expect(body.errors?.[0]?.message).toMatch(/different list/);
  });

  it("serves an offline channel's stream as null without an error, and a live one as IVS reports it", async () => {
    const { body } = await gw.query(`{
      offline: channel(arn: "${demo.fullest.channelArn}") { stream { streamId } }
      live: channel(arn: "${demo.euLive.channelArn}") { stream { channelArn streamId state health viewerCount playbackUrl startTime } latestStreamSession { streamId startTime } }
    }`);
    expect(body.errors).toBeUndefined();
    const euLive = findDemoChannel(gw.ivs.data, demo.euLive.channelArn)!;
    expect(body.data).toEqual({
      offline: { stream: null },
      live: {
        stream: {
          channelArn: demo.euLive.channelArn,
          streamId: demo.euLive.streamId,
          state: 'LIVE',
          health: euLive.live!.health,
          viewerCount: euLive.live!.viewerCount,
          playbackUrl: euLive.channel.playbackUrl,
          startTime: euLive.sessions[0]!.startTime,
        },
        latestStreamSession: { streamId: demo.euLive.streamId, startTime: euLive.sessions[0]!.startTime },
      },
    });
  });

  it('asks for a recording configuration shared by several channels once', async () => {
    gw.ivs.resetCalls();
    const withRecording = gw.ivs.data.channels.filter(
      (c) => c.channel.recordingConfigurationArn && !c.fault && c.channel.arn.includes(':us-west-2:'),
    );
    const shared = withRecording.filter((c) => c.channel.recordingConfigurationArn === withRecording[0]!.channel.recordingConfigurationArn);
    expect(shared.length).toBeGreaterThan(1);
    const aliases = shared.map(
      (c, i) =>
        `c${i}: channel(arn: "${c.channel.arn}") { recordingConfiguration { arn state destinationConfiguration { s3 { bucketName } } } }`,
    );
    const { body } = await gw.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect((body.data!.c0 as { recordingConfiguration: { arn: string } }).recordingConfiguration.arn).toBe(
      shared[0]!.channel.recordingConfigurationArn,
    );
    expect(gw.ivs.callCount('GetRecordingConfiguration')).toBe(1);
  });
});

describe('channel and live-stream lists', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // API_KEYS: the restricted `reader` key; anonymous access (all accounts) stays on outside production.
    gw = await startTestGateway({ API_KEYS, IVS_MAX_ATTEMPTS: '1' });
  });
  afterAll(() => gw.close());

  type Page = { nodes: Array<Record<string, unknown>>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

  async function walk(field: string, args: string, selection: string): Promise<Array<Record<string, unknown>>> {
    const all: Array<Record<string, unknown>> = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const { body } = await gw.query(
        `query($after: String) { list: ${field}(${args} after: $after) { nodes ${selection} pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      const page = body.data!.list as Page;
      all.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return all;
  }

  it('lists every channel of every configured region, summaries only, without BatchGetChannel', async () => {
    gw.ivs.resetCalls();
    const nodes = await walk('channels', 'first: 30', '{ arn name type }');
    const arns = nodes.map((n) => n.arn as string);
    expect(new Set(arns).size).toBe(arns.length);
    expect(arns.sort()).toEqual(gw.ivs.data.channels.map((c) => c.channel.arn).sort());
    expect(gw.ivs.callCount('BatchGetChannel')).toBe(0);
    expect(new Set(gw.ivs.calls.filter((c) => c.operation === 'ListChannels').map((c) => c.region))).toEqual(
      new Set(['us-west-2', 'eu-west-1', 'ap-northeast-1']),
    );
  });

  it('fetches the fields a channel summary lacks with BatchGetChannel, only when selected', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ channels(filterByName: "fleet-00", first: 10) { nodes { name playbackUrl ingestEndpoint } } }`);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data!.channels as Page).nodes;
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.every((n) => (n.name as string).startsWith('fleet-00'))).toBe(true);
    for (const node of nodes) {
      const fleet = demoFleet.find((f) => f.name === node.name)!;
      expect(node.playbackUrl).toBe(findDemoChannel(gw.ivs.data, fleet.channelArn)!.channel.playbackUrl);
    }
    expect(gw.ivs.callCount('BatchGetChannel')).toBeGreaterThan(0);
    expect(gw.ivs.callCount('BatchGetChannel')).toBeLessThanOrEqual(3); // at most one per region
  });

  it('filters channels by name prefix', async () => {
    const nodes = await walk('channels', 'filterByName: "fleet-01" first: 5', '{ name }');
    expect(nodes.map((n) => n.name).sort()).toEqual(
      demoFleet
        .map((f) => f.name)
        .filter((n) => n.startsWith('fleet-01'))
        .sort(),
    );
  });

  it('pins an ARN filter to its region', async () => {
    gw.ivs.resetCalls();
    const recording = gw.ivs.data.channels.find((c) => c.channel.recordingConfigurationArn?.includes(':eu-west-1:'))!.channel
      .recordingConfigurationArn!;
    const nodes = await walk('channels', `filterByRecordingConfigurationArn: "${recording}"`, '{ arn recordingConfigurationArn }');
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.recordingConfigurationArn === recording)).toBe(true);
    expect(gw.ivs.calls.map((c) => c.region)).toEqual(gw.ivs.calls.map(() => 'eu-west-1'));
  });

  it.each([
    [
      'filterByName: "x" filterByRecordingConfigurationArn: "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"',
      'filterByRecordingConfigurationArn',
    ],
    ['filterByName: "no spaces allowed"', 'filterByName'],
    ['filterByPlaybackRestrictionPolicyArn: "arn:aws:ivs:us-west-2:123456789012:channel/AbCd"', 'filterByPlaybackRestrictionPolicyArn'],
  ])('refuses bad filters (%s) with BAD_USER_INPUT before calling IVS', async (args, argument) => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ channels(${args}) { nodes { arn } } }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(gw.ivs.callCount()).toBe(0);
  });

  it("gives a key restricted to some accounts no node, cursor or page of another account's channel", async () => {
    const lab = `{ channels(filterByName: "lab-") { nodes { arn } edges { cursor } pageInfo { hasNextPage startCursor endCursor } } }`;
    expect((await gw.query(lab, {}, { 'x-api-key': KEYS.ops })).body.data).toMatchObject({
      channels: { nodes: [{ arn: demo.bigNumbers.channelArn }] },
    });
    // The only match is of account 210987654321: the reader's list is empty, as if the channel did not exist.
    const { body } = await gw.query(lab, {}, { 'x-api-key': KEYS.reader });
    expect(body).toEqual({
      data: { channels: { nodes: [], edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } } },
    });
  });

  it.each(['channels', 'liveStreams'])(
    "pages a restricted key's %s past other accounts' items, with cursors of its own items only",
    async (field) => {
      // The other account's channel goes live, so that both lists hold an item the reader may not see.
      const lab = findDemoChannel(gw.ivs.data, demo.bigNumbers.channelArn)!;
      delete lab.sessions[0]!.endTime;
      lab.live = { health: 'HEALTHY', viewerCount: 3 };
      const key = field === 'channels' ? 'arn' : 'channelArn';
      const arnOf = (node: Record<string, unknown>) => node[key] as string;
      const everyone = (await walk(field, 'first: 50', `{ ${key} }`)).map(arnOf);
      expect(everyone.some((arn) => !arn.includes(`:${DEMO_ACCOUNT_ID}:`))).toBe(true);
      const mine: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 200; pages++) {
        const { body } = await gw.query(
          `query($after: String) { list: ${field}(first: 2, after: $after) { nodes { ${key} } edges { cursor } pageInfo { hasNextPage startCursor endCursor } } }`,
          { after },
          { 'x-api-key': KEYS.reader },
        );
        expect(body.errors).toBeUndefined();
        const page = body.data!.list as Page & { edges: Array<{ cursor: string }>; pageInfo: { startCursor: string | null } };
        // The cursors are those of the page's (visible) edges, or null when it has none.
        expect([page.pageInfo.startCursor, page.pageInfo.endCursor]).toEqual([
          page.edges[0]?.cursor ?? null,
          page.edges.at(-1)?.cursor ?? null,
        ]);
        mine.push(...page.nodes.map(arnOf));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(mine).toEqual(everyone.filter((arn) => arn.includes(`:${DEMO_ACCOUNT_ID}:`)));
    },
  );

  it('lists live streams filtered by health, with GetStream only for playbackUrl', async () => {
    gw.ivs.resetCalls();
    const starving = await walk('liveStreams', 'health: STARVING first: 4', '{ channelArn streamId health viewerCount }');
    const expected = gw.ivs.data.channels.filter((c) => c.live?.health === 'STARVING').map((c) => c.channel.arn);
    expect(starving.map((s) => s.channelArn).sort()).toEqual(expected.sort());
    expect(starving.every((s) => s.health === 'STARVING')).toBe(true);
    expect(gw.ivs.callCount('GetStream')).toBe(0);

    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ liveStreams(health: HEALTHY, first: 3) { nodes { channelArn playbackUrl channel { name } } } }`);
    expect(body.errors).toBeUndefined();
    const nodes = (body.data!.liveStreams as Page).nodes;
    for (const node of nodes) {
      const channel = findDemoChannel(gw.ivs.data, node.channelArn as string)!;
      expect(node).toEqual({
        channelArn: channel.channel.arn,
        playbackUrl: channel.channel.playbackUrl,
        channel: { name: channel.channel.name },
      });
    }
    expect(gw.ivs.callCount('GetStream')).toBe(nodes.length);
    expect(gw.ivs.callCount('BatchGetChannel')).toBeLessThanOrEqual(new Set(nodes.map((n) => (n.channelArn as string).split(':')[3])).size);
  });
});
