import { GetStreamSessionCommand } from '@aws-sdk/client-ivs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BUSY_SESSION_COUNT,
  createDemoData,
  DEMO_SRT_PASSPHRASE,
  demo,
  demoData,
  demoSession,
  findDemoChannel,
  type DemoSessionHandle,
} from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { ivsClient, toWire } from './support/sdk.js';

const CHANNEL_ARN_PATTERN = /^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel\/[a-zA-Z0-9-]+$/;
const STREAM_ID_PATTERN = /^st-[a-zA-Z0-9]{23}$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function getStreamSession(ivs: EmbeddedIvs, region: string, channelArn: string, streamId?: string) {
  return ivsClient(ivs, region).send(new GetStreamSessionCommand({ channelArn, streamId }));
}

/** A syntactically valid SigV4 header: the embedded IVS reads the scope, not the signature. */
function authorization(region: string, service = 'ivs'): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

function rawPost(ivs: EmbeddedIvs, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${ivs.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('demo data', () => {
  const sessions = demoData.channels.flatMap((entry) => entry.sessions);

  it('uses IVS identifiers and canonical RFC 3339 timestamps everywhere', () => {
    for (const { channel, sessions: channelSessions } of demoData.channels) {
      expect(channel.arn).toMatch(CHANNEL_ARN_PATTERN);
      expect(channel.arn.length).toBeLessThanOrEqual(128);
      for (const session of channelSessions) {
        expect(session.channel?.arn).toBe(channel.arn);
        expect(session.streamId).toMatch(STREAM_ID_PATTERN);
        const times = [session.startTime, session.endTime, ...(session.truncatedEvents ?? []).map((e) => e.eventTime)];
        for (const time of times.filter((t) => t !== undefined)) {
          expect(time).toMatch(ISO_MILLIS);
          expect(new Date(time).toISOString()).toBe(time);
        }
      }
    }
    expect(new Set(sessions.map((s) => s.streamId)).size).toBe(sessions.length);
  });

  it('orders sessions and events newest first, with at most the newest session live', () => {
    for (const { sessions: channelSessions } of demoData.channels) {
      const starts = channelSessions.map((s) => s.startTime);
      expect(starts).toEqual([...starts].sort().reverse());
      expect(channelSessions.slice(1).every((s) => s.endTime !== undefined)).toBe(true);
    }
    for (const session of sessions) {
      const times = (session.truncatedEvents ?? []).map((e) => e.eventTime ?? '');
      expect(times).toEqual([...times].sort().reverse());
      expect(times.length).toBeLessThanOrEqual(500);
    }
  });

  it('has every scenario the handles promise', () => {
    expect(demoSession(demo.events500).truncatedEvents).toHaveLength(500);
    expect(findDemoChannel(demoData, demo.busy.channelArn)?.sessions).toHaveLength(BUSY_SESSION_COUNT);
    expect(findDemoChannel(demoData, demo.neverLive.channelArn)?.sessions).toEqual([]);
    expect(demoSession(demo.euLive).endTime).toBeUndefined();
    expect(demoSession(demo.bigNumbers).ingestConfiguration?.video?.targetBitrate).toBeGreaterThan(2 ** 31);
    expect(demoSession(demo.basic).channel).toMatchObject({ preset: '', recordingConfigurationArn: '', playbackRestrictionPolicyArn: '' });
    expect(demoSession(demo.basic).recordingConfiguration).toBeUndefined();
    expect(findDemoChannel(demoData, demo.slow.channelArn)?.fault).toEqual({ kind: 'slow', delayMs: 10_000 });
  });

  it('gives independent copies and keeps the reference copy frozen', () => {
    const copy = createDemoData();
    expect(copy).toEqual(demoData);
    copy.channels.pop();
    expect(createDemoData().channels).toHaveLength(demoData.channels.length);
    expect(() => {
      demoData.channels.pop();
    }).toThrow(TypeError);
  });
});

describe('GetStreamSession through @aws-sdk/client-ivs', () => {
  let ivs: EmbeddedIvs;

  beforeAll(async () => {
    ivs = await startEmbeddedIvs();
  });
  afterAll(() => ivs.close());
  beforeEach(() => ivs.resetCalls());

  const servedSessions = Object.entries({
    fullest: demo.fullest,
    advancedHd: demo.advancedHd,
    events500: demo.events500,
    basic: demo.basic,
    euLive: demo.euLive,
    unknownEnums: demo.unknownEnums,
    bigNumbers: demo.bigNumbers,
    busy: demo.busy,
  });

  it.each(servedSessions)('round-trips the %s session unchanged', async (_, handle: DemoSessionHandle) => {
    const output = await getStreamSession(ivs, handle.region, handle.channelArn, handle.streamId);
    expect(toWire(output.streamSession)).toEqual(demoSession(handle));
  });

  it('delivers every member of the fullest session', async () => {
    const { fullest } = demo;
    const { streamSession } = await getStreamSession(ivs, fullest.region, fullest.channelArn, fullest.streamId);
    const members = (value: object | undefined) => Object.keys(value ?? {}).sort();
    const { channel, ingestConfiguration, ingestConfigurations, recordingConfiguration } = streamSession ?? {};
    expect(members(streamSession)).toEqual(
      'channel endTime ingestConfiguration ingestConfigurations recordingConfiguration startTime streamId truncatedEvents'.split(' '),
    );
    expect(members(channel)).toEqual(
      (
        'adConfigurationArn arn authorized containerFormat ingestEndpoint insecureIngest latencyMode multitrackInputConfiguration ' +
        'name playbackRestrictionPolicyArn playbackUrl preset recordingConfigurationArn srt tags type'
      ).split(' '),
    );
    expect(members(channel?.srt)).toEqual(['endpoint', 'passphrase']);
    expect(members(channel?.multitrackInputConfiguration)).toEqual(['enabled', 'maximumResolution', 'policy']);
    const videoMembers = 'avcLevel avcProfile codec encoder level profile targetBitrate targetFramerate track videoHeight videoWidth'.split(
      ' ',
    );
    const audioMembers = 'channels codec sampleRate targetBitrate track'.split(' ');
    expect(members(ingestConfiguration?.video)).toEqual(videoMembers);
    expect(members(ingestConfiguration?.audio)).toEqual(audioMembers);
    expect(ingestConfigurations?.videoConfigurations?.map(members)).toEqual([videoMembers, videoMembers]);
    expect(ingestConfigurations?.audioConfigurations?.map(members)).toEqual([audioMembers]);
    expect(members(recordingConfiguration)).toEqual(
      (
        'arn destinationConfiguration name recordingReconnectWindowSeconds renditionConfiguration state tags ' + 'thumbnailConfiguration'
      ).split(' '),
    );
    expect(members(recordingConfiguration?.thumbnailConfiguration)).toEqual([
      'recordingMode',
      'resolution',
      'storage',
      'targetIntervalSeconds',
    ]);
    expect(members(recordingConfiguration?.renditionConfiguration)).toEqual(['renditionSelection', 'renditions']);
    expect(streamSession?.truncatedEvents?.some((e) => members(e).length === 4)).toBe(true);
    expect(channel?.srt?.passphrase).toBe(DEMO_SRT_PASSPHRASE);
    expect(channel?.tags).toEqual({ team: 'Live-Ops', 名前: 'ライブ配信', emoji: '🎥 stream', zürich: 'Grüße' });
  });

  it('returns the most recent session when no streamId is given', async () => {
    for (const handle of [demo.fullest, demo.euLive, demo.busy]) {
      const output = await getStreamSession(ivs, handle.region, handle.channelArn);
      expect(output.streamSession?.streamId).toBe(handle.streamId);
    }
    const live = await getStreamSession(ivs, 'eu-west-1', demo.euLive.channelArn);
    expect(live.streamSession?.endTime).toBeUndefined();
  });

  it('serves an older session by streamId', async () => {
    const older = findDemoChannel(demoData, demo.busy.channelArn)?.sessions[BUSY_SESSION_COUNT - 1];
    const output = await getStreamSession(ivs, 'us-west-2', demo.busy.channelArn, older?.streamId);
    expect(toWire(output.streamSession)).toEqual(older);
  });

  it('keeps numbers above 2^31 exact', async () => {
    const { streamSession } = await getStreamSession(ivs, 'ap-northeast-1', demo.bigNumbers.channelArn);
    expect(streamSession?.ingestConfiguration?.video?.targetBitrate).toBe(4_500_000_000);
  });

  it.each([
    ['accessDenied', demo.accessDenied, 'AccessDeniedException', 403, 'client'],
    ['validationError', demo.validationError, 'ValidationException', 400, 'client'],
    ['throttled', demo.throttled, 'ThrottlingException', 429, 'client'],
    ['internalError', demo.internalError, 'InternalServerException', 500, 'server'],
  ] as const)('fails every call on the %s channel', async (_, handle, name, status, fault) => {
    const channelFault = findDemoChannel(demoData, handle.channelArn)?.fault;
    const exceptionMessage = channelFault?.kind === 'error' ? channelFault.message : undefined;
    for (const streamId of [handle.streamId, undefined]) {
      await expect(getStreamSession(ivs, handle.region, handle.channelArn, streamId)).rejects.toMatchObject({
        name,
        exceptionMessage,
        $fault: fault,
        $metadata: { httpStatusCode: status },
      });
    }
    expect(exceptionMessage).toBeTruthy();
  });

  it('answers ResourceNotFoundException for missing channels and sessions', async () => {
    const unknownChannel = 'arn:aws:ivs:us-west-2:123456789012:channel/doesNotExist';
    const missingStreamId = 'st-0000000000000000000000X';
    const cases = [
      [unknownChannel, undefined, `Channel not found: ${unknownChannel}`],
      [demo.fullest.channelArn, missingStreamId, `Stream session not found: ${missingStreamId}`],
      [demo.neverLive.channelArn, undefined, `No stream session found for channel: ${demo.neverLive.channelArn}`],
    ] as const;
    for (const [channelArn, streamId, exceptionMessage] of cases) {
      await expect(getStreamSession(ivs, 'us-west-2', channelArn, streamId)).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        exceptionMessage,
        $metadata: { httpStatusCode: 404 },
      });
    }
  });

  it('finds a channel only in its own region, and records the signing region', async () => {
    await expect(getStreamSession(ivs, 'eu-west-1', demo.fullest.channelArn)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await getStreamSession(ivs, 'eu-west-1', demo.euLive.channelArn, demo.euLive.streamId);
    expect(ivs.calls.map(({ operation, region, body }) => ({ operation, region, body }))).toEqual([
      { operation: 'GetStreamSession', region: 'eu-west-1', body: { channelArn: demo.fullest.channelArn } },
      {
        operation: 'GetStreamSession',
        region: 'eu-west-1',
        body: { channelArn: demo.euLive.channelArn, streamId: demo.euLive.streamId },
      },
    ]);
    expect(ivs.callCount('GetStreamSession', (call) => call.region === 'eu-west-1')).toBe(2);
    expect(ivs.callCount('ListStreamSessions')).toBe(0);
  });

  const arnPattern = '^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$';
  const longArn = `arn:aws:ivs:us-west-2:123456789012:channel/${'a'.repeat(90)}`;
  it.each([
    [
      'a malformed channel ARN',
      'arn:aws:ivs:us-west-2:123456789012:stage/abc',
      undefined,
      `1 validation error detected: Value 'arn:aws:ivs:us-west-2:123456789012:stage/abc' at 'channelArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${arnPattern}`,
    ],
    [
      'a channel ARN over 128 characters',
      longArn,
      undefined,
      `1 validation error detected: Value '${longArn}' at 'channelArn' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ],
    [
      'a short stream id',
      demo.fullest.channelArn,
      'st-123',
      "1 validation error detected: Value 'st-123' at 'streamId' failed to satisfy constraint: Member must have length greater than or equal to 26",
    ],
    [
      'an empty ARN and a stream id with a bad character',
      '',
      'st-0000000000000000000000_',
      "3 validation errors detected: Value '' at 'channelArn' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '' at 'channelArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${arnPattern}; ` +
        "Value 'st-0000000000000000000000_' at 'streamId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^st-[a-zA-Z0-9]+$",
    ],
  ])('rejects %s with ValidationException', async (_, channelArn, streamId, exceptionMessage) => {
    await expect(getStreamSession(ivs, 'us-west-2', channelArn, streamId)).rejects.toMatchObject({
      name: 'ValidationException',
      exceptionMessage,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects bodies the model cannot accept', async () => {
    const cases = [
      ['{"channelArn":', /^Could not parse request body into json: /],
      ['[]', /^Could not parse request body into json: /],
      ['{}', /^1 validation error detected: Value null at 'channelArn' failed to satisfy constraint: Member must not be null$/],
      [
        '{"channelArn":42}',
        /^1 validation error detected: Value '42' at 'channelArn' failed to satisfy constraint: Member must be of type string$/,
      ],
    ] as const;
    for (const [body, message] of cases) {
      const response = await rawPost(ivs, '/GetStreamSession', body, { authorization: authorization('us-west-2') });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException:http://internal.amazon.com/coral/com.amazonaws.ivs/');
      const json = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(['exceptionMessage']);
      expect(json.exceptionMessage).toMatch(message);
    }
  });

  it('answers like the AWS front door to unsigned, mis-scoped and unknown requests', async () => {
    const body = JSON.stringify({ channelArn: demo.fullest.channelArn });
    const cases = [
      [{}, '/GetStreamSession', 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
      [
        { authorization: 'AWS4-HMAC-SHA256 garbage' },
        '/GetStreamSession',
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ],
      [
        { authorization: authorization('us-west-2', 's3') },
        '/GetStreamSession',
        403,
        'InvalidSignatureException',
        expect.stringContaining("'ivs'"),
      ],
      [
        { authorization: authorization('us-west-2') },
        '/DeleteChannel',
        404,
        'UnknownOperationException',
        'Unknown operation: POST /DeleteChannel',
      ],
    ] as const;
    for (const [headers, path, status, errorType, message] of cases) {
      const response = await rawPost(ivs, path, body, headers);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-amzn-errortype')).toBe(errorType);
      expect(await response.json()).toEqual({ message });
    }
    expect(ivs.calls.map((call) => [call.operation, call.region])).toEqual([
      ['GetStreamSession', null],
      ['GetStreamSession', null],
      ['GetStreamSession', 'us-west-2'],
      ['POST /DeleteChannel', 'us-west-2'],
    ]);
  });

  it('stamps every response with a request id and a date', async () => {
    const ok = await rawPost(ivs, '/GetStreamSession', JSON.stringify({ channelArn: demo.basic.channelArn }), {
      authorization: authorization('us-west-2'),
    });
    const failed = await rawPost(ivs, '/GetStreamSession', '{}');
    for (const response of [ok, failed]) {
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(response.headers.get('date') ?? ''))).toBe(false);
      expect(response.headers.get('content-type')).toBe('application/json');
    }
    expect(await ok.json()).toEqual({ streamSession: demoSession(demo.basic) });
  });
});

describe('concurrency and slowness', () => {
  it('measures the peak number of concurrent requests per region', async () => {
    const latencyMs = 150;
    const ivs = await startEmbeddedIvs({ latencyMs });
    try {
      const busy = findDemoChannel(ivs.data, demo.busy.channelArn)?.sessions ?? [];
      const eu = findDemoChannel(ivs.data, demo.euLive.channelArn)?.sessions ?? [];
      const started = performance.now();
      await Promise.all([
        ...busy.slice(0, 4).map((s) => getStreamSession(ivs, 'us-west-2', demo.busy.channelArn, s.streamId)),
        ...eu.slice(0, 2).map((s) => getStreamSession(ivs, 'eu-west-1', demo.euLive.channelArn, s.streamId)),
      ]);
      expect(performance.now() - started).toBeLessThan(3 * latencyMs);
      expect(ivs.maxInFlightByRegion).toEqual({ 'us-west-2': 4, 'eu-west-1': 2 });
      expect(ivs.maxInFlight()).toBe(4);
      expect(ivs.maxInFlight('GetStreamSession', 'eu-west-1')).toBe(2);
      ivs.resetCalls();
      expect(ivs.maxInFlightByRegion).toEqual({});
      expect(ivs.calls).toEqual([]);
    } finally {
      await ivs.close();
    }
  });

  it('answers the slow channel correctly after the delay set in the data', async () => {
    const data = createDemoData();
    const slow = findDemoChannel(data, demo.slow.channelArn);
    if (slow) slow.fault = { kind: 'slow', delayMs: 200 };
    const ivs = await startEmbeddedIvs({ data });
    try {
      const started = performance.now();
      const output = await getStreamSession(ivs, 'us-west-2', demo.slow.channelArn);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(toWire(output.streamSession)).toEqual(demoSession(demo.slow));
    } finally {
      await ivs.close();
    }
  });

  it('keeps serving other channels while a slow answer is pending, and closes promptly', async () => {
    const ivs = await startEmbeddedIvs();
    const pending = getStreamSession(ivs, 'us-west-2', demo.slow.channelArn).then(
      () => 'answered',
      () => 'dropped',
    );
    const started = performance.now();
    const other = await getStreamSession(ivs, 'us-west-2', demo.fullest.channelArn);
    expect(other.streamSession?.streamId).toBe(demo.fullest.streamId);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ivs.maxInFlight('GetStreamSession', 'us-west-2')).toBe(2);

    const closing = performance.now();
    await ivs.close();
    expect(performance.now() - closing).toBeLessThan(500);
    expect(await pending).toBe('dropped');
  });
});
