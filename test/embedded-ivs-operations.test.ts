/**
 * The embedded IVS beyond GetStreamSession: BatchGetChannel, GetChannel, ListChannels,
 * ListStreamSessions, GetStream, ListStreams and GetRecordingConfiguration, all through the real
 * `@aws-sdk/client-ivs`. Expected values come straight from the demo data, computed here rather
 * than with the server's own helpers.
 */
import {
  BatchGetChannelCommand,
  GetChannelCommand,
  GetRecordingConfigurationCommand,
  GetStreamCommand,
  GetStreamSessionCommand,
  ListChannelsCommand,
  ListStreamsCommand,
  ListStreamSessionsCommand,
  paginateListChannels,
  paginateListStreams,
  paginateListStreamSessions,
  type ListChannelsCommandInput,
  type ListStreamsCommandInput,
  type ListStreamSessionsCommandInput,
} from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BUSY_SESSION_COUNT,
  createDemoData,
  DEMO_FLEET_SIZE,
  demo,
  demoData,
  demoFleet,
  demoSession,
  findDemoChannel,
  findDemoRecordingConfiguration,
  type DemoChannel,
  type DemoChannelHandle,
  type DemoData,
  type DemoSession,
} from '../src/embedded-ivs/demo-data.js';
import { IVS_DOCUMENTED_RATE_LIMITS_TPS } from '../src/embedded-ivs/operations.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { ivsClient, toWire } from './support/sdk.js';

const REGIONS = ['us-west-2', 'eu-west-1', 'ap-northeast-1'] as const;
const CHANNEL_ARN_PATTERN = '^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$';
const TOKEN_PATTERN = /^[a-zA-Z0-9+/=_-]*$/;
const UNKNOWN_CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist';
const US_WEST_RECORDING = 'arn:aws:ivs:us-west-2:123456789012:recording-configuration/gvdrzob3GnPA';

// ---------------------------------------------------------------------------------------------
// Helpers

function authorization(region: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/${region}/ivs/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

function rawPost(ivs: EmbeddedIvs, region: string, operation: string, body: object) {
  return fetch(`${ivs.url}/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorization(region) },
    body: JSON.stringify(body),
  });
}

const regionOf = (arn: string): string => arn.split(':')[3] ?? '';

function channelsIn(region: string, data: DemoData = demoData): DemoChannel[] {
  return data.channels.filter((entry) => regionOf(entry.channel.arn) === region);
}

function channelOf(handle: DemoChannelHandle, data: DemoData = demoData): DemoChannel {
  const entry = findDemoChannel(data, handle.channelArn);
  if (!entry) throw new Error(`no demo channel ${handle.channelArn}`);
  return entry;
}

const byArn = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function expectedSummary({ channel }: DemoChannel): Record<string, unknown> {
  const { arn, name, latencyMode, authorized, recordingConfigurationArn, tags, insecureIngest, type, preset } = channel;
  const { playbackRestrictionPolicyArn, adConfigurationArn } = channel;
  return toWire({
    arn,
    name,
    latencyMode,
    authorized,
    recordingConfigurationArn,
    tags,
    insecureIngest,
    type,
    preset,
    playbackRestrictionPolicyArn,
    adConfigurationArn,
  }) as Record<string, unknown>;
}

const isLive = (entry: DemoChannel): boolean => entry.sessions[0] !== undefined && entry.sessions[0].endTime === undefined;

function expectedStreamSummary(entry: DemoChannel) {
  const newest = entry.sessions[0]!;
  return {
    channelArn: entry.channel.arn,
    streamId: newest.streamId,
    state: 'LIVE',
    health: entry.live?.health,
    viewerCount: entry.live?.viewerCount,
    startTime: newest.startTime,
  };
}

function faultMessage(handle: DemoChannelHandle): string {
  const fault = channelOf(handle).fault;
  if (fault?.kind !== 'error') throw new Error('not an error fault');
  return fault.message;
}

const errorFaults = [
  ['accessDenied', demo.accessDenied, 'AccessDeniedException', 403],
  ['validationError', demo.validationError, 'ValidationException', 400],
  ['throttled', demo.throttled, 'ThrottlingException', 429],
  ['internalError', demo.internalError, 'InternalServerException', 500],
] as const;

async function walk<Page>(pages: AsyncIterable<Page>): Promise<Page[]> {
  const all: Page[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

// ---------------------------------------------------------------------------------------------

describe('demo data for the new operations', () => {
  it('keeps 150 busy sessions with the same live newest session', () => {
    const busy = channelOf(demo.busy);
    expect(BUSY_SESSION_COUNT).toBe(150);
    expect(busy.sessions).toHaveLength(150);
    expect(busy.sessions[0]?.streamId).toBe(demo.busy.streamId);
    expect(busy.sessions[0]?.endTime).toBeUndefined();
  });

  it('has a fleet of small channels over three regions', () => {
    expect(demoFleet).toHaveLength(DEMO_FLEET_SIZE);
    expect(DEMO_FLEET_SIZE).toBeGreaterThanOrEqual(64);
    expect(new Set(demoFleet.map((handle) => handle.channelArn)).size).toBe(DEMO_FLEET_SIZE);
    expect(demoFleet.map((handle) => handle.name).slice(0, 8)).toEqual([
      'fleet-000',
      'fleet-001',
      'fleet-002',
      'fleet-003',
      'fleet-004',
      'fleet-005',
      'fleet-006',
      'fleet-007',
    ]);
    for (const region of REGIONS) {
      expect(demoFleet.filter((handle) => handle.region === region).length).toBeGreaterThanOrEqual(20);
    }
    const healths = new Set<string>();
    for (const handle of demoFleet) {
      const entry = channelOf(handle);
      expect(regionOf(handle.channelArn)).toBe(handle.region);
      expect(entry.channel.name).toBe(handle.name);
      expect(entry.sessions.length).toBeGreaterThanOrEqual(1);
      expect(entry.sessions.length).toBeLessThanOrEqual(3);
      expect(entry.sessions[0]?.streamId).toBe(handle.streamId);
      if (entry.live) healths.add(entry.live.health);
    }
    expect([...healths].sort()).toEqual(['HEALTHY', 'STARVING', 'UNKNOWN']);
    // Stable ids: the gateway's tests may pin them.
    expect(demoFleet[7]?.channelArn).toBe(createDemoData().channels.find((c) => c.channel.name === 'fleet-007')?.channel.arn);
  });

  it('keeps live state exactly on channels whose newest session is live', () => {
    for (const entry of demoData.channels) {
      expect(entry.live !== undefined).toBe(isLive(entry));
      if (entry.live) {
        expect(['HEALTHY', 'STARVING', 'UNKNOWN']).toContain(entry.live.health);
        expect(Number.isInteger(entry.live.viewerCount)).toBe(true);
      }
    }
    expect(channelOf(demo.euLive).live).toEqual({ health: 'HEALTHY', viewerCount: expect.any(Number) });
    expect(channelOf(demo.euLive).live?.viewerCount).toBeGreaterThanOrEqual(1_000);
    expect(channelOf(demo.busy).live?.health).toBe('STARVING');
    expect(demoData.channels.some((entry) => entry.live?.health === 'UNKNOWN')).toBe(true);
  });

  it('resolves every recording configuration a channel references, and sessions carry copies', () => {
    for (const entry of demoData.channels) {
      const arn = entry.channel.recordingConfigurationArn ?? '';
      if (arn !== '') {
        expect(findDemoRecordingConfiguration(demoData, arn)).toBeDefined();
        expect(regionOf(arn)).toBe(regionOf(entry.channel.arn));
      }
      for (const session of entry.sessions) {
        if (session.recordingConfiguration) {
          expect(session.recordingConfiguration).toEqual(findDemoRecordingConfiguration(demoData, session.recordingConfiguration.arn));
        }
      }
    }
    expect(new Set(demoData.recordingConfigurations.map((c) => c.arn)).size).toBe(demoData.recordingConfigurations.length);
  });

  it('documents the IVS call-rate quotas', () => {
    expect(IVS_DOCUMENTED_RATE_LIMITS_TPS).toMatchObject({ GetRecordingConfiguration: 3, BatchGetChannel: 5, ListStreams: 5 });
  });
});

describe('new operations through @aws-sdk/client-ivs', () => {
  let ivs: EmbeddedIvs;
  const client = (region: string) => ivsClient(ivs, region);

  beforeAll(async () => {
    ivs = await startEmbeddedIvs();
  });
  afterAll(() => ivs.close());
  beforeEach(() => ivs.resetCalls());

  describe('GetChannel', () => {
    it.each([
      ['fullest', demo.fullest],
      ['basic', demo.basic],
      ['euLive', demo.euLive],
      ['bigNumbers', demo.bigNumbers],
      ['neverLive', demo.neverLive],
      ['fleet-005', demoFleet[5]!],
    ])('returns the %s channel as stored', async (_, handle) => {
      const output = await client(handle.region).send(new GetChannelCommand({ arn: handle.channelArn }));
      expect(toWire(output.channel)).toEqual(channelOf(handle).channel);
    });

    it('answers ResourceNotFoundException for unknown and other-region channels', async () => {
      for (const [region, arn] of [
        ['us-west-2', UNKNOWN_CHANNEL],
        ['us-west-2', demo.euLive.channelArn],
      ] as const) {
        await expect(client(region).send(new GetChannelCommand({ arn }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
          exceptionMessage: `Channel not found: ${arn}`,
          $metadata: { httpStatusCode: 404 },
        });
      }
    });

    it.each(errorFaults)('applies the %s fault', async (_, handle, name, status) => {
      await expect(client(handle.region).send(new GetChannelCommand({ arn: handle.channelArn }))).rejects.toMatchObject({
        name,
        exceptionMessage: faultMessage(handle),
        $metadata: { httpStatusCode: status },
      });
    });

    it('validates the ARN', async () => {
      await expect(client('us-west-2').send(new GetChannelCommand({ arn: 'arn:aws:ivs:us-west-2:1:stage/x' }))).rejects.toMatchObject({
        name: 'ValidationException',
        exceptionMessage: `1 validation error detected: Value 'arn:aws:ivs:us-west-2:1:stage/x' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CHANNEL_ARN_PATTERN}`,
      });
    });
  });

  describe('BatchGetChannel', () => {
    it('answers found channels in request order and per-ARN failures inside the 200', async () => {
      const fleetUsWest = demoFleet.filter((handle) => handle.region === 'us-west-2').map((h) => h.channelArn);
      const arns = [
        demo.fullest.channelArn,
        UNKNOWN_CHANNEL,
        ...fleetUsWest.slice(0, 20),
        demo.accessDenied.channelArn,
        demo.euLive.channelArn,
        demo.fullest.channelArn,
        demo.basic.channelArn,
      ];
      const output = await client('us-west-2').send(new BatchGetChannelCommand({ arns }));
      expect(output.$metadata.httpStatusCode).toBe(200);
      const expectedArns = [demo.fullest.channelArn, ...fleetUsWest.slice(0, 20), demo.basic.channelArn];
      expect(toWire(output.channels)).toEqual(expectedArns.map((arn) => findDemoChannel(demoData, arn)?.channel));
      expect(output.errors).toEqual([
        { arn: UNKNOWN_CHANNEL, code: 'ResourceNotFoundException', message: `Channel not found: ${UNKNOWN_CHANNEL}` },
        { arn: demo.accessDenied.channelArn, code: 'AccessDeniedException', message: faultMessage(demo.accessDenied) },
        {
          arn: demo.euLive.channelArn,
          code: 'ResourceNotFoundException',
          message: `Channel not found: ${demo.euLive.channelArn}`,
        },
      ]);
      expect(ivs.callCount('BatchGetChannel')).toBe(1);
      expect((ivs.calls[0]?.body as { arns: string[] }).arns).toHaveLength(arns.length);
    });

    it('serves 50 distinct channels in one call', async () => {
      const handles = demoFleet.filter((handle) => handle.region === 'eu-west-1');
      const arns = [...handles.map((h) => h.channelArn), demo.euLive.channelArn];
      const padding = Array.from({ length: 50 - arns.length }, (_, i) => `arn:aws:ivs:eu-west-1:123456789012:channel/missing${i}`);
      const output = await client('eu-west-1').send(new BatchGetChannelCommand({ arns: [...arns, ...padding] }));
      expect(output.channels?.map((c) => c.arn)).toEqual(arns);
      expect(output.errors?.map((e) => e.arn)).toEqual(padding);
    });

    it.each([
      ['no ARNs', [], "Value '[]' at 'arns' failed to satisfy constraint: Member must have length greater than or equal to 1"],
      [
        '51 ARNs',
        Array.from({ length: 51 }, () => demo.fullest.channelArn),
        "at 'arns' failed to satisfy constraint: Member must have length less than or equal to 50",
      ],
      [
        'a malformed ARN',
        [demo.fullest.channelArn, 'not-an-arn'],
        `Value '[${demo.fullest.channelArn}, not-an-arn]' at 'arns' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: ${CHANNEL_ARN_PATTERN}]`,
      ],
    ])('rejects %s with ValidationException', async (_, arns, message) => {
      const error = (await client('us-west-2')
        .send(new BatchGetChannelCommand({ arns }))
        .catch((e: unknown) => e)) as {
        name: string;
        exceptionMessage: string;
        $metadata: { httpStatusCode: number };
      };
      expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
      expect(error.exceptionMessage).toMatch(/^1 validation error detected: /);
      expect(error.exceptionMessage).toContain(message);
    });
  });

  describe('ListChannels', () => {
    it.each(REGIONS)('pages through every channel of %s exactly once, sorted by ARN', async (region) => {
      const pages = await walk(paginateListChannels({ client: client(region), pageSize: 7 }, {}));
      const expected = channelsIn(region)
        .sort((a, b) => byArn(a.channel.arn, b.channel.arn))
        .map(expectedSummary);
      expect(pages.length).toBe(Math.ceil(expected.length / 7));
      expect(pages.slice(0, -1).every((page) => page.channels?.length === 7)).toBe(true);
      for (const page of pages.slice(0, -1)) {
        expect(page.nextToken).toMatch(TOKEN_PATTERN);
        expect(page.nextToken!.length).toBeLessThanOrEqual(1024);
      }
      expect(pages.at(-1)?.nextToken).toBeUndefined();
      expect(toWire(pages.flatMap((page) => page.channels ?? []))).toEqual(expected);
    });

    it('returns up to 100 summaries by default, without channel-only members', async () => {
      const output = await client('us-west-2').send(new ListChannelsCommand({}));
      expect(output.nextToken).toBeUndefined();
      expect(output.channels).toHaveLength(channelsIn('us-west-2').length);
      const fullest = output.channels?.find((c) => c.arn === demo.fullest.channelArn);
      expect(Object.keys(fullest ?? {}).sort()).toEqual(
        (
          'adConfigurationArn arn authorized insecureIngest latencyMode name playbackRestrictionPolicyArn preset ' +
          'recordingConfigurationArn tags type'
        ).split(' '),
      );
    });

    it('filters by name prefix, case-sensitively', async () => {
      const names = async (filterByName: string) =>
        (await client('us-west-2').send(new ListChannelsCommand({ filterByName }))).channels?.map((c) => c.name);
      const fleet00 = demoFleet
        .filter((handle) => handle.region === 'us-west-2' && handle.name.startsWith('fleet-00'))
        .sort((a, b) => byArn(a.channelArn, b.channelArn));
      expect(fleet00.map((handle) => handle.name).sort()).toEqual(['fleet-000', 'fleet-003', 'fleet-006', 'fleet-009']);
      expect(await names('fleet-00')).toEqual(fleet00.map((handle) => handle.name));
      expect(await names('main-stage')).toEqual(['main-stage']);
      expect(await names('Fleet-00')).toEqual([]);
      expect(await names('stage')).toEqual([]);
    });

    it('filters by recording configuration and playback restriction policy', async () => {
      const arns = async (input: ListChannelsCommandInput) =>
        (await client('us-west-2').send(new ListChannelsCommand(input))).channels?.map((c) => c.arn);
      const recording = channelsIn('us-west-2')
        .filter((entry) => entry.channel.recordingConfigurationArn === US_WEST_RECORDING)
        .map((entry) => entry.channel.arn)
        .sort(byArn);
      expect(recording.length).toBeGreaterThan(5);
      expect(await arns({ filterByRecordingConfigurationArn: US_WEST_RECORDING })).toEqual(recording);
      const policy = channelOf(demo.fullest).channel.playbackRestrictionPolicyArn;
      expect(await arns({ filterByPlaybackRestrictionPolicyArn: policy })).toEqual(
        [demo.fullest.channelArn, demo.advancedHd.channelArn].sort(byArn),
      );
    });

    it('refuses name and recording-configuration filters together with ConflictException', async () => {
      await expect(
        client('us-west-2').send(new ListChannelsCommand({ filterByName: 'fleet', filterByRecordingConfigurationArn: US_WEST_RECORDING })),
      ).rejects.toMatchObject({
        name: 'ConflictException',
        exceptionMessage: expect.stringContaining('mutually exclusive'),
        $metadata: { httpStatusCode: 409 },
      });
    });
  });

  describe('ListStreamSessions', () => {
    const summaryOf = (session: DemoSession) =>
      toWire({
        streamId: session.streamId,
        startTime: session.startTime,
        endTime: session.endTime,
        hasErrorEvent: (session.truncatedEvents ?? []).some((e) => e.code !== undefined || /Failure/.test(e.name ?? '')),
      });

    it('pages through all 150 busy sessions newest first, each exactly once', async () => {
      const input: ListStreamSessionsCommandInput = { channelArn: demo.busy.channelArn };
      const pages = await walk(paginateListStreamSessions({ client: client('us-west-2'), pageSize: 40 }, input));
      expect(pages.map((page) => page.streamSessions?.length)).toEqual([40, 40, 40, 30]);
      expect(pages.at(-1)?.nextToken).toBeUndefined();
      const sessions = pages.flatMap((page) => page.streamSessions ?? []);
      expect(toWire(sessions)).toEqual(channelOf(demo.busy).sessions.map(summaryOf));
      expect(sessions[0]).toMatchObject({ streamId: demo.busy.streamId, hasErrorEvent: false });
      expect(sessions[0]?.endTime).toBeUndefined();
      expect(ivs.callCount('ListStreamSessions')).toBe(4);
    });

    it('returns 100 sessions per page by default', async () => {
      const send = (nextToken?: string) =>
        client('us-west-2').send(new ListStreamSessionsCommand({ channelArn: demo.busy.channelArn, nextToken }));
      const first = await send();
      expect(first.streamSessions).toHaveLength(100);
      const second = await send(first.nextToken);
      expect(second.streamSessions).toHaveLength(50);
      expect(second.nextToken).toBeUndefined();
    });

    it('flags sessions with an error event', async () => {
      const output = await client('us-west-2').send(new ListStreamSessionsCommand({ channelArn: demo.fullest.channelArn }));
      // The fullest session had failed takeovers, the one before was refused (an event code), the oldest was fine.
      expect(output.streamSessions?.map((s) => s.hasErrorEvent)).toEqual([true, true, false]);
      expect(toWire(output.streamSessions)).toEqual(channelOf(demo.fullest).sessions.map(summaryOf));
      const fleetWithError = demoFleet.find((h) => channelOf(h).sessions.some((s) => s.truncatedEvents?.some((e) => e.code)));
      expect(fleetWithError).toBeDefined();
    });

    it('lists nothing for a channel that never went live, and fails for unknown ones', async () => {
      const empty = await client('us-west-2').send(new ListStreamSessionsCommand({ channelArn: demo.neverLive.channelArn }));
      expect(empty.streamSessions).toEqual([]);
      expect(empty.nextToken).toBeUndefined();
      await expect(client('eu-west-1').send(new ListStreamSessionsCommand({ channelArn: demo.fullest.channelArn }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      });
    });

    it.each(errorFaults)('applies the %s fault', async (_, handle, name, status) => {
      await expect(client(handle.region).send(new ListStreamSessionsCommand({ channelArn: handle.channelArn }))).rejects.toMatchObject({
        name,
        exceptionMessage: faultMessage(handle),
        $metadata: { httpStatusCode: status },
      });
    });
  });

  describe('GetStream', () => {
    it.each([
      ['euLive', demo.euLive, 'HEALTHY'],
      ['busy', demo.busy, 'STARVING'],
    ] as const)('describes the live stream of %s, consistent with its latest session', async (_, handle, health) => {
      const ivsAt = client(handle.region);
      const { stream } = await ivsAt.send(new GetStreamCommand({ channelArn: handle.channelArn }));
      const { streamSession } = await ivsAt.send(new GetStreamSessionCommand({ channelArn: handle.channelArn }));
      const entry = channelOf(handle);
      expect(toWire(stream)).toEqual({
        channelArn: handle.channelArn,
        streamId: handle.streamId,
        playbackUrl: entry.channel.playbackUrl,
        startTime: demoSession(handle).startTime,
        state: 'LIVE',
        health,
        viewerCount: entry.live?.viewerCount,
      });
      expect(stream?.streamId).toBe(streamSession?.streamId);
      expect(stream?.startTime).toEqual(streamSession?.startTime);
      expect(streamSession?.endTime).toBeUndefined();
    });

    it('answers ChannelNotBroadcasting for existing channels that are offline', async () => {
      for (const handle of [demo.fullest, demo.neverLive, demoFleet.find((h) => !channelOf(h).live)!]) {
        await expect(client(handle.region).send(new GetStreamCommand({ channelArn: handle.channelArn }))).rejects.toMatchObject({
          name: 'ChannelNotBroadcasting',
          $fault: 'client',
          exceptionMessage: `The stream is offline for the given channel ARN: ${handle.channelArn}`,
          $metadata: { httpStatusCode: 404 },
        });
      }
      const raw = await rawPost(ivs, 'us-west-2', 'GetStream', { channelArn: demo.fullest.channelArn });
      expect(raw.status).toBe(404);
      expect(raw.headers.get('x-amzn-errortype')).toMatch(/^ChannelNotBroadcasting(:|$)/);
      expect(Object.keys((await raw.json()) as object)).toEqual(['exceptionMessage']);
    });

    it('answers ResourceNotFoundException for unknown and other-region channels', async () => {
      for (const arn of [UNKNOWN_CHANNEL, demo.euLive.channelArn]) {
        await expect(client('us-west-2').send(new GetStreamCommand({ channelArn: arn }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
        });
      }
    });

    it.each(errorFaults)('applies the %s fault', async (_, handle, name, status) => {
      await expect(client(handle.region).send(new GetStreamCommand({ channelArn: handle.channelArn }))).rejects.toMatchObject({
        name,
        $metadata: { httpStatusCode: status },
      });
    });
  });

  describe('ListStreams', () => {
    it.each(REGIONS)('pages through the live streams of %s exactly once', async (region) => {
      const pages = await walk(paginateListStreams({ client: client(region), pageSize: 2 }, {}));
      const expected = channelsIn(region)
        .filter(isLive)
        .sort((a, b) => byArn(a.channel.arn, b.channel.arn))
        .map(expectedStreamSummary);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(pages).toHaveLength(Math.ceil(expected.length / 2));
      expect(toWire(pages.flatMap((page) => page.streams ?? []))).toEqual(expected);
    });

    it('filters by health', async () => {
      const all = (await client('us-west-2').send(new ListStreamsCommand({}))).streams ?? [];
      const byHealth = await Promise.all(
        (['HEALTHY', 'STARVING', 'UNKNOWN'] as const).map(async (health) => {
          const { streams = [] } = await client('us-west-2').send(new ListStreamsCommand({ filterBy: { health } }));
          expect(streams.length).toBeGreaterThan(0);
          expect(streams.every((stream) => stream.health === health)).toBe(true);
          return streams;
        }),
      );
      expect(
        byHealth
          .flat()
          .map((s) => s.channelArn ?? '')
          .sort(byArn),
      ).toEqual(all.map((s) => s.channelArn));
      expect(byHealth[1]?.map((s) => s.channelArn)).toContain(demo.busy.channelArn);
    });

    it('rejects an unknown health', async () => {
      const input = { filterBy: { health: 'SICK' } } as unknown as ListStreamsCommandInput;
      await expect(client('us-west-2').send(new ListStreamsCommand(input))).rejects.toMatchObject({
        name: 'ValidationException',
        exceptionMessage:
          "1 validation error detected: Value 'SICK' at 'filterBy.health' failed to satisfy constraint: Member must satisfy enum value set: [HEALTHY, STARVING, UNKNOWN]",
      });
    });
  });

  describe('GetRecordingConfiguration', () => {
    it('returns every stored configuration from its own region', async () => {
      expect(demoData.recordingConfigurations.length).toBeGreaterThanOrEqual(4);
      for (const configuration of demoData.recordingConfigurations) {
        const output = await client(regionOf(configuration.arn)).send(new GetRecordingConfigurationCommand({ arn: configuration.arn }));
        expect(toWire(output.recordingConfiguration)).toEqual(configuration);
      }
      expect(ivs.callCount('GetRecordingConfiguration')).toBe(demoData.recordingConfigurations.length);
    });

    it('resolves the recording configuration of a session', async () => {
      const arn = demoSession(demo.fullest).channel?.recordingConfigurationArn ?? '';
      const output = await client('us-west-2').send(new GetRecordingConfigurationCommand({ arn }));
      expect(toWire(output.recordingConfiguration)).toEqual(demoSession(demo.fullest).recordingConfiguration);
    });

    it('answers ResourceNotFoundException for unknown and other-region ARNs, ValidationException for others', async () => {
      const unknown = 'arn:aws:ivs:us-west-2:123456789012:recording-configuration/nope';
      for (const [region, arn] of [
        ['us-west-2', unknown],
        ['eu-west-1', US_WEST_RECORDING],
      ] as const) {
        await expect(client(region).send(new GetRecordingConfigurationCommand({ arn }))).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
          exceptionMessage: `Recording configuration not found: ${arn}`,
          $metadata: { httpStatusCode: 404 },
        });
      }
      await expect(client('us-west-2').send(new GetRecordingConfigurationCommand({ arn: demo.fullest.channelArn }))).rejects.toMatchObject({
        name: 'ValidationException',
        exceptionMessage: `1 validation error detected: Value '${demo.fullest.channelArn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+$`,
      });
    });
  });

  describe('paging validation', () => {
    const listOperations = {
      ListChannels: (region: string, input: ListChannelsCommandInput) => client(region).send(new ListChannelsCommand(input)),
      ListStreams: (region: string, input: ListStreamsCommandInput) => client(region).send(new ListStreamsCommand(input)),
      ListStreamSessions: (region: string, input: Omit<ListStreamSessionsCommandInput, 'channelArn'>) =>
        client(region).send(new ListStreamSessionsCommand({ channelArn: demo.busy.channelArn, ...input })),
    };

    it.each([
      [0, 'greater than or equal to 1'],
      [101, 'less than or equal to 100'],
    ])('rejects maxResults %i on every List operation', async (maxResults, bound) => {
      for (const [name, send] of Object.entries(listOperations)) {
        await expect(send('us-west-2', { maxResults }), name).rejects.toMatchObject({
          name: 'ValidationException',
          exceptionMessage: `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${bound}`,
          $metadata: { httpStatusCode: 400 },
        });
      }
    });

    it('rejects tokens that break the pattern, are not ours, or were issued for another request', async () => {
      const channelsToken = (await listOperations.ListChannels('us-west-2', { maxResults: 1 })).nextToken!;
      const sessionsToken = (await listOperations.ListStreamSessions('us-west-2', { maxResults: 1 })).nextToken!;
      const streamsToken = (await listOperations.ListStreams('us-west-2', { maxResults: 1 })).nextToken!;
      const cases = [
        ['pattern', () => listOperations.ListChannels('us-west-2', { nextToken: 'bad token!' }), /regular expression pattern/],
        ['too long', () => listOperations.ListStreams('us-west-2', { nextToken: 'A'.repeat(1025) }), /length less than or equal to 1024/],
        ['garbage', () => listOperations.ListStreamSessions('us-west-2', { nextToken: 'abc' }), /nextToken.*malformed/],
        ['padded', () => listOperations.ListChannels('us-west-2', { nextToken: `${channelsToken}=` }), /nextToken.*malformed/],
        ['other operation', () => listOperations.ListChannels('us-west-2', { nextToken: streamsToken }), /nextToken.*malformed/],
        ['other region', () => listOperations.ListChannels('eu-west-1', { nextToken: channelsToken }), /nextToken.*other parameters/],
        [
          'other filter',
          () => listOperations.ListChannels('us-west-2', { nextToken: channelsToken, filterByName: 'fleet' }),
          /nextToken.*other parameters/,
        ],
        [
          'other health',
          () => listOperations.ListStreams('us-west-2', { nextToken: streamsToken, filterBy: { health: 'HEALTHY' } }),
          /nextToken.*other parameters/,
        ],
        [
          'other channel',
          () => client('us-west-2').send(new ListStreamSessionsCommand({ channelArn: demo.fullest.channelArn, nextToken: sessionsToken })),
          /nextToken.*other parameters/,
        ],
      ] as const;
      for (const [label, send, message] of cases) {
        const error = (await send().then(
          () => undefined,
          (e: unknown) => e,
        )) as { name?: string; exceptionMessage?: string } | undefined;
        expect(error?.name, label).toBe('ValidationException');
        expect(error?.exceptionMessage, label).toMatch(message);
      }
      // An empty token is a first page, as the SDK paginators treat it.
      expect((await listOperations.ListChannels('us-west-2', { nextToken: '', maxResults: 1 })).channels).toHaveLength(1);
    });

    it('keeps paging exact when the list changes between pages', async () => {
      const data = createDemoData();
      const changing = await startEmbeddedIvs({ data });
      try {
        const send = (nextToken?: string) => ivsClient(changing, 'us-west-2').send(new ListStreamsCommand({ maxResults: 3, nextToken }));
        const first = await send();
        const seen = first.streams?.map((s) => s.channelArn) ?? [];
        // The first stream listed goes offline: the rest must neither shift nor repeat.
        const goneOffline = findDemoChannel(data, seen[0]!)!;
        const newest = goneOffline.sessions[0]!;
        newest.endTime = new Date(Date.parse(newest.startTime) + 3_600_000).toISOString();
        delete goneOffline.live;
        let token = first.nextToken;
        while (token) {
          const page = await send(token);
          seen.push(...(page.streams?.map((s) => s.channelArn) ?? []));
          token = page.nextToken;
        }
        const expected = channelsIn('us-west-2', createDemoData())
          .filter(isLive)
          .map((entry) => entry.channel.arn)
          .sort(byArn);
        expect(seen).toEqual(expected);
        await expect(
          ivsClient(changing, 'us-west-2').send(new GetStreamCommand({ channelArn: goneOffline.channel.arn })),
        ).rejects.toMatchObject({ name: 'ChannelNotBroadcasting' });
      } finally {
        await changing.close();
      }
    });
  });
});

describe('slow channel on the new operations', () => {
  it('delays GetChannel, BatchGetChannel and ListStreamSessions by the delay in the data', async () => {
    const data = createDemoData();
    const slow = findDemoChannel(data, demo.slow.channelArn);
    if (slow) slow.fault = { kind: 'slow', delayMs: 150 };
    const ivs = await startEmbeddedIvs({ data });
    try {
      const client = ivsClient(ivs, 'us-west-2');
      const started = performance.now();
      const [channel, batch, sessions] = await Promise.all([
        client.send(new GetChannelCommand({ arn: demo.slow.channelArn })),
        client.send(new BatchGetChannelCommand({ arns: [demo.basic.channelArn, demo.slow.channelArn] })),
        client.send(new ListStreamSessionsCommand({ channelArn: demo.slow.channelArn })),
      ]);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(1_000);
      expect(channel.channel?.arn).toBe(demo.slow.channelArn);
      expect(batch.channels?.map((c) => c.arn)).toEqual([demo.basic.channelArn, demo.slow.channelArn]);
      expect(sessions.streamSessions?.[0]?.streamId).toBe(demo.slow.streamId);
      expect(ivs.maxInFlight(undefined, 'us-west-2')).toBe(3);
    } finally {
      await ivs.close();
    }
  });
});
