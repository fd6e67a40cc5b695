import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, demoSession, DEMO_SRT_PASSPHRASE } from '../src/embedded-ivs/demo-data.js';
import { buildSchema } from '../src/graphql/schema.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { selectAll } from './support/select-all.js';

const FULL_SESSION = `query Full($channelArn: ID!, $streamId: ID) {
  streamSession(channelArn: $channelArn, streamId: $streamId) ${selectAll(buildSchema(), 'StreamSession')}
}`;
const SESSION_ID = `query Id($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channelArn streamId } }`;

// IVS's "no value" empty strings, which the schema serves as null.
const NO_VALUE_MEMBERS = new Set(['preset', 'recordingConfigurationArn', 'playbackRestrictionPolicyArn', 'adConfigurationArn']);

/**
 * What the schema promises for a wire session: the same values, tag maps as key-sorted lists, no-value
 * empty strings and absent members as null (dropped here, and nulls dropped from responses to compare).
 */
function expectedFromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expectedFromWire);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(NO_VALUE_MEMBERS.has(key) && v === ''))
      .map(([key, v]) => [
        key,
        key === 'tags'
          ? Object.entries(v as Record<string, string>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, val]) => ({ key: k, value: val }))
          : expectedFromWire(v),
      ]),
  );
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** Paths of null fields, list indexes left out, so a session's missing members can be listed. */
function nullPaths(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  const entries = Array.isArray(value)
    ? value.map((v) => ['', v] as const)
    : Object.entries(value as object).map(([k, v]) => [`.${k}`, v] as const);
  return [...new Set(entries.flatMap(([k, v]) => nullPaths(v, `${path}${k}`)))];
}

describe('streamSession over HTTP, through the real SDK, against the embedded IVS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '2', IVS_TIMEOUT_MS: '500' });
  });
  afterAll(() => gw.close());

  it('serves every field of the fullest session value for value (passphrase withheld by default)', async () => {
    const { status, body } = await gw.query(FULL_SESSION, demo.fullest);
    expect(status).toBe(200);
    const wire = demoSession(demo.fullest, gw.ivs.data);
    const expected = expectedFromWire({ channelArn: demo.fullest.channelArn, ...wire }) as { channel: { srt: { passphrase?: string } } };
    delete expected.channel.srt.passphrase;
    expect(withoutNulls(body.data?.streamSession)).toEqual(expected);
    // Every member is present in this session but the withheld secret, the STANDARD channel's "" preset
    // (served by the advanced channel's session instead) and the code of events that have none.
    expect(nullPaths(body.data?.streamSession).sort()).toEqual(['.channel.preset', '.channel.srt.passphrase', '.truncatedEvents.code']);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['streamSession', 'channel', 'srt', 'passphrase'],
        extensions: { code: 'FORBIDDEN', requiredScope: 'ingest:secrets' },
      }),
    ]);
    expect(body.errors?.[0]?.message).toMatch(/needs the ingest:secrets scope/);
    expect(JSON.stringify(body)).not.toContain(DEMO_SRT_PASSPHRASE);
  });

  it.each(['advancedHd', 'basic', 'euLive', 'bigNumbers', 'events500', 'busy'] as const)(
    'serves every field of the %s demo session value for value',
    async (name) => {
      const { body } = await gw.query(FULL_SESSION, demo[name]);
      const expected = expectedFromWire({ channelArn: demo[name].channelArn, ...demoSession(demo[name], gw.ivs.data) }) as {
        channel?: { srt?: { passphrase?: string } };
      };
      delete expected.channel?.srt?.passphrase;
      expect(withoutNulls(body.data?.streamSession)).toEqual(expected);
    },
  );

  it('serves tags sorted by key with Unicode intact', async () => {
    const { body } = await gw.query(
      `query($channelArn: ID!) { streamSession(channelArn: $channelArn) { channel { tags { key value } } } }`,
      {
        channelArn: demo.fullest.channelArn,
      },
    );
    const tags = (body.data?.streamSession as { channel: { tags: Array<{ key: string; value: string }> } }).channel.tags;
    const wireTags = demoSession(demo.fullest, gw.ivs.data).channel!.tags!;
    expect(tags.map((t) => t.key)).toEqual(Object.keys(wireTags).sort());
    expect(Object.fromEntries(tags.map((t) => [t.key, t.value]))).toEqual(wireTags);
    expect(tags.some((t) => /[\u0080-\u{10ffff}]/u.test(t.key + t.value))).toBe(true);
  });

  it('returns the most recent session when streamId is omitted, as IVS does', async () => {
    const { body } = await gw.query(SESSION_ID, { channelArn: demo.busy.channelArn });
    expect(body.data?.streamSession).toEqual({ channelArn: demo.busy.channelArn, streamId: demo.busy.streamId });
  });

  it('serves all 500 events of a session at the IVS maximum', async () => {
    const { body } = await gw.query(
      `query($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { truncatedEvents { name type eventTime code } } }`,
      demo.events500,
    );
    const events = (body.data?.streamSession as { truncatedEvents: unknown[] }).truncatedEvents;
    expect(events).toHaveLength(500);
    expect(withoutNulls(events)).toEqual(expectedFromWire(demoSession(demo.events500, gw.ivs.data).truncatedEvents));
  });

  it('serves IVS "no value" empty strings as null', async () => {
    const { body } = await gw.query(
      `query($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channel { type preset recordingConfigurationArn playbackRestrictionPolicyArn } } }`,
      demo.basic,
    );
    const wire = demoSession(demo.basic, gw.ivs.data).channel!;
    expect([wire.preset, wire.recordingConfigurationArn, wire.playbackRestrictionPolicyArn]).toEqual(['', '', '']);
    expect(body).toEqual({
      data: {
        streamSession: { channel: { type: 'BASIC', preset: null, recordingConfigurationArn: null, playbackRestrictionPolicyArn: null } },
      },
    });
  });

  it('serves an enum value this schema does not know as null, logs a warning, and serves the rest', async () => {
    const { body } = await gw.query(
      `query($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) {
        streamId channel { name latencyMode type containerFormat }
        recordingConfiguration { state thumbnailConfiguration { storage } } } }`,
      demo.unknownEnums,
    );
    expect(body.errors).toBeUndefined();
    const wire = demoSession(demo.unknownEnums, gw.ivs.data);
    expect(body.data?.streamSession).toEqual({
      streamId: demo.unknownEnums.streamId,
      channel: { name: wire.channel!.name, latencyMode: null, type: null, containerFormat: null },
      recordingConfiguration: { state: null, thumbnailConfiguration: { storage: ['SEQUENTIAL', null] } },
    });
    const warned = gw.logs.filter((l) => l.msg === 'IVS sent an enum value this schema does not know yet; serving null for it');
    expect(warned.map((l) => [l.field, l.value])).toEqual(
      expect.arrayContaining([
        ['Channel.latencyMode', 'ULTRA_LOW'],
        ['Channel.type', 'ADVANCED_UHD'],
        ['Channel.containerFormat', 'CMAF'],
        ['RecordingConfiguration.state', 'PAUSED'],
        ['ThumbnailConfiguration.storage', 'ARCHIVE'],
      ]),
    );
  });

  it('serves 64-bit IVS numbers above 2^31 exactly', async () => {
    const { body } = await gw.query(
      `query($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { ingestConfiguration { video { targetBitrate } } } }`,
      demo.bigNumbers,
    );
    const expected = demoSession(demo.bigNumbers, gw.ivs.data).ingestConfiguration!.video!.targetBitrate!;
    expect(expected).toBeGreaterThan(2 ** 31);
    expect(body).toEqual({ data: { streamSession: { ingestConfiguration: { video: { targetBitrate: expected } } } } });
  });

  it('calls IVS in the region named by the ARN, signed for that region', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(SESSION_ID, { channelArn: demo.euLive.channelArn });
    expect(body.data?.streamSession).toEqual({ channelArn: demo.euLive.channelArn, streamId: demo.euLive.streamId });
    expect(gw.ivs.calls.map((c) => [c.operation, c.region])).toEqual([['GetStreamSession', 'eu-west-1']]);
  });

  it('asks IVS once for a session requested three times in one operation', async () => {
    gw.ivs.resetCalls();
    const { body } = await gw.query(
      `query($channelArn: ID!, $streamId: ID) {
        a: streamSession(channelArn: $channelArn, streamId: $streamId) { streamId }
        b: streamSession(channelArn: $channelArn, streamId: $streamId) { startTime ...F }
        streamSession(channelArn: $channelArn, streamId: $streamId) { channel { name } }
      }
      fragment F on StreamSession { endTime }`,
      demo.fullest,
    );
    expect(body.errors).toBeUndefined();
    expect(gw.ivs.callCount('GetStreamSession')).toBe(1);
  });

  it('answers one failing alias with an error at its path and serves its siblings', async () => {
    const { status, body } = await gw.query(
      `query($ok: ID!, $denied: ID!) { ok: streamSession(channelArn: $ok) { streamId } denied: streamSession(channelArn: $denied) { streamId } }`,
      { ok: demo.fullest.channelArn, denied: demo.accessDenied.channelArn },
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({ ok: { streamId: demo.fullest.streamId }, denied: null });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['denied'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });
});

describe('errors', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // debug: routine IVS refusals are logged at debug, and a test reads what the log kept of one.
    gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '2', IVS_TIMEOUT_MS: '1500', LOG_LEVEL: 'debug' });
  });
  afterAll(() => gw.close());

  const ask = async (variables: Record<string, unknown>) => {
    const { status, body } = await gw.query(SESSION_ID, variables);
    expect(status).toBe(200);
    expect(body.data).toEqual({ streamSession: null });
    expect(body.errors).toHaveLength(1);
    const error = body.errors![0]!;
    expect(error.path).toEqual(['streamSession']);
    // Nothing internal leaks: no stack traces, no source paths.
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|\bat .*\(|node_modules|\.ts:/);
    return error;
  };

  it.each([
    ['a malformed channel ARN', { channelArn: 'arn:aws:ivs:us-west-2:123456789012:stage/AbCd' }, 'channelArn'],
    ['an over-long channel ARN', { channelArn: `arn:aws:ivs:us-west-2:123456789012:channel/${'a'.repeat(120)}` }, 'channelArn'],
    ['a streamId of the wrong length', { channelArn: demo.fullest.channelArn, streamId: 'st-short' }, 'streamId'],
    ['a streamId of the wrong form', { channelArn: demo.fullest.channelArn, streamId: 'xx-8GRiEy8oXoA843RAzB0YAqF' }, 'streamId'],
  ])('rejects %s with BAD_USER_INPUT naming the argument, without calling IVS', async (_case, variables, argument) => {
    gw.ivs.resetCalls();
    const error = await ask(variables);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(error.message).toContain(`"${argument}"`);
    expect(error.message).toMatch(argument === 'channelArn' ? /arn:aws:ivs:<region>:<account-id>:channel\/<id>/ : /"st-" followed by 23/);
    expect(gw.ivs.callCount()).toBe(0);
  });

  it.each([
    ['an unknown channel', { channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/NoSuchChanne' }],
    ['an unknown session', { channelArn: demo.fullest.channelArn, streamId: 'st-0000000000000000000000a' }],
    ['the latest session of a channel that never went live', { channelArn: demo.neverLive.channelArn }],
  ])("maps ResourceNotFoundException for %s to NOT_FOUND with IVS's own message", async (_case, variables) => {
    const error = await ask(variables);
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', ivsErrorType: 'ResourceNotFoundException' });
    expect(error.message).not.toBe('UnknownError');
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("maps AccessDeniedException to FORBIDDEN with a fixed message naming the channel; IVS's words (the gateway's IAM principal) go to the log only", async () => {
    const error = await ask({ channelArn: demo.accessDenied.channelArn });
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', ivsErrorType: 'AccessDeniedException' });
    expect(error.message).toBe(
      `IVS does not allow this gateway to read ${demo.accessDenied.channelArn}. Ask the gateway's operator to grant its AWS credentials access to it, or ask for another resource.`,
    );
    expect(JSON.stringify(error)).not.toMatch(/arn:aws:iam|User:/);
    expect(gw.logs.find((l) => l.msg === 'IVS GetStreamSession failed' && l.channelArn === demo.accessDenied.channelArn)).toMatchObject({
      ivs: {
        message: expect.stringMatching(/^User: arn:aws:iam::123456789012:user\/.* is not authorized to perform: ivs:GetStreamSession/),
      },
    });
  });

  it("maps ValidationException to BAD_USER_INPUT with IVS's exceptionMessage", async () => {
    const error = await ask({ channelArn: demo.validationError.channelArn });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', ivsErrorType: 'ValidationException' });
    expect(error.message).not.toBe('UnknownError');
  });

  it('maps throttling that outlasts the SDK retries to THROTTLED', async () => {
    gw.ivs.resetCalls();
    const error = await ask({ channelArn: demo.throttled.channelArn });
    expect(error.extensions).toMatchObject({ code: 'THROTTLED' });
    expect(gw.ivs.callCount('GetStreamSession')).toBe(2); // IVS_MAX_ATTEMPTS=2: the SDK retried once
  });

  it('maps an IVS 500 to UPSTREAM_ERROR without IVS internals', async () => {
    const error = await ask({ channelArn: demo.internalError.channelArn });
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(error.message).toMatch(/HTTP 500/);
  });

  it('maps an IVS call that outlasts IVS_TIMEOUT_MS to UPSTREAM_ERROR', async () => {
    const started = Date.now();
    const error = await ask({ channelArn: demo.slow.channelArn });
    expect(error.extensions).toEqual({ code: 'UPSTREAM_ERROR', ivsErrorType: 'Timeout' });
    expect(error.message).toMatch(/within 1500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('upstream unreachable', () => {
  it('maps a refused connection to UPSTREAM_ERROR', async () => {
    const gw = await startTestGateway({ IVS_MAX_ATTEMPTS: '1' });
    const closedPort = new URL(gw.ivs.url);
    await gw.ivs.close();
    try {
      const { body } = await gw.query(SESSION_ID, { channelArn: demo.fullest.channelArn });
      expect(body.data).toEqual({ streamSession: null });
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', ivsErrorType: 'ConnectionError' });
      expect(closedPort.port).not.toBe('');
    } finally {
      await gw.app.close();
    }
  });
});

describe('operator settings', () => {
  it('serves srt.passphrase to an API key with the ingest:secrets scope', async () => {
    const key = 'stream-session-test-secrets-key';
    const apiKeys = [{ id: 'ops', sha256: createHash('sha256').update(key).digest('hex'), scopes: ['sessions:read', 'ingest:secrets'] }];
    const gw = await startTestGateway({ API_KEYS: JSON.stringify(apiKeys) });
    try {
      const { body } = await gw.query(
        `query($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channel { srt { endpoint passphrase } } } }`,
        demo.fullest,
        { 'x-api-key': key },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        streamSession: {
          channel: { srt: { endpoint: demoSession(demo.fullest, gw.ivs.data).channel!.srt!.endpoint, passphrase: DEMO_SRT_PASSPHRASE } },
        },
      });
    } finally {
      await gw.close();
    }
  });

  it.each([
    [{}, 5],
    [{ IVS_MAX_CONCURRENCY_PER_REGION: '2' }, 2],
  ])('keeps at most the configured number of IVS calls in flight per region (%o)', async (env, cap) => {
    const gw = await startTestGateway(env, { latencyMs: 40 });
    try {
      const sessions = gw.ivs.data.channels.find((c) => c.channel.arn === demo.busy.channelArn)!.sessions.slice(0, 12);
      const aliases = sessions.map(
        (s, i) => `s${i}: streamSession(channelArn: "${demo.busy.channelArn}", streamId: "${s.streamId}") { streamId }`,
      );
      const { body } = await gw.query(`{ ${aliases.join('\n')} }`);
      expect(body.errors).toBeUndefined();
      expect(Object.values(body.data!).map((s) => (s as { streamId: string }).streamId)).toEqual(sessions.map((s) => s.streamId));
      expect(gw.ivs.callCount('GetStreamSession')).toBe(12);
      expect(gw.ivs.maxInFlightByRegion['us-west-2']).toBe(cap);
    } finally {
      await gw.close();
    }
  });
});
