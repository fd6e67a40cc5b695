/**
 * Demo data served by the embedded IVS, in wire form: every session is exactly the JSON object
 * IVS puts under `streamSession` in a GetStreamSession response, every channel exactly what
 * GetChannel puts under `channel`, every recording configuration exactly what
 * GetRecordingConfiguration puts under `recordingConfiguration`.
 *
 * Gateway tests import this module to compare GraphQL output value for value, so the interesting
 * channels and sessions have named handles in `demo`, and the fleet of small channels (for paging
 * and batching) has handles in `demoFleet`. Everything is built by deterministic code from a fixed
 * 2026 base date (no clock, no randomness), so every build is identical.
 */
import { createHash } from 'node:crypto';
import type {
  IvsErrorCode,
  WireAudioConfiguration,
  WireChannel,
  WireMultitrackInputConfiguration,
  WireRecordingConfiguration,
  WireStreamEvent,
  WireStreamSession,
  WireTags,
  WireVideoConfiguration,
} from './wire-types.js';

export type * from './wire-types.js';

export const DEMO_ACCOUNT_ID = '123456789012';
/** A second account, used by the lab channel in a third region. */
export const DEMO_LAB_ACCOUNT_ID = '210987654321';
/**
 * The SRT passphrase of every demo channel that has one. Shared on purpose: a test that greps logs
 * for this one string catches a leak from any channel.
 */
export const DEMO_SRT_PASSPHRASE = 'Xfq0bVe8qSt0EJ5c4dwA2DFbo6zpDprPtmsq3McA';
export const DEMO_SLOW_DELAY_MS = 10_000;

/**
 * What happens to every call about one channel, instead of the normal answer: GetStreamSession,
 * GetChannel, ListStreamSessions and GetStream fail with the error (or answer after the delay);
 * BatchGetChannel reports an error fault as that ARN's entry in `errors` (code and message of the
 * fault) and waits for the longest delay among the requested channels. Account-wide listings
 * (ListChannels, ListStreams) are not affected.
 *
 * The other kinds are faults of the whole HTTP exchange, for fault-injection tests (switch them on
 * with `setChannelFault` from `./faults.js`); a BatchGetChannel that carries such a channel meets
 * the fault as a whole:
 * - `throttle-burst`: the next `remaining` calls get 429 ThrottlingException, then calls succeed
 *   (the count goes down with each call, so a test can see the retries);
 * - `connection-reset`: status and headers of a normal answer, half of its body, then the
 *   connection is destroyed;
 * - `malformed-json`: 200 with a body that is not JSON;
 * - `error-without-message`: the status and `x-amzn-ErrorType` of `code` with an empty `{}` body
 *   (no `exceptionMessage`).
 */
export type DemoFault =
  | { kind: 'error'; code: IvsErrorCode; message: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'throttle-burst'; remaining: number }
  | { kind: 'connection-reset' }
  | { kind: 'malformed-json' }
  | { kind: 'error-without-message'; code: IvsErrorCode };

export interface DemoSession extends WireStreamSession {
  streamId: string;
  startTime: string;
}

/** The stream health values IVS documents (StreamHealth). */
export const STREAM_HEALTH_VALUES = ['HEALTHY', 'STARVING', 'UNKNOWN'] as const;

/**
 * What IVS reports about a channel's live stream (GetStream, ListStreams) beyond its session.
 * Whether a channel is live is decided by its newest session (live = no endTime); this state only
 * carries the metrics, so change both together when making a channel go live or offline.
 */
export interface DemoLiveState {
  /** HEALTHY, STARVING or UNKNOWN (a string, like every enum here). */
  health: string;
  /** A Smithy long; IVS sends -1 when counting timed out. */
  viewerCount: number;
}

export interface DemoChannel {
  /** The channel's current configuration (each session carries its own snapshot). */
  channel: WireChannel & { arn: string };
  /** Newest first, as IVS orders them. */
  sessions: DemoSession[];
  fault?: DemoFault;
  /** Present exactly when the newest session is live. */
  live?: DemoLiveState;
}

export interface DemoData {
  channels: DemoChannel[];
  /**
   * The canonical recording configurations (GetRecordingConfiguration): every non-empty
   * `recordingConfigurationArn` of a channel names one of them, and sessions carry copies.
   */
  recordingConfigurations: WireRecordingConfiguration[];
}

export interface DemoChannelHandle {
  readonly region: string;
  readonly channelArn: string;
}

export interface DemoSessionHandle extends DemoChannelHandle {
  readonly streamId: string;
}

/** A fleet channel; `streamId` is its newest session (live or ended). */
export interface DemoFleetHandle extends DemoSessionHandle {
  /** `fleet-000`, `fleet-001`, ... */
  readonly name: string;
}

function channelHandle(region: string, accountId: string, channelId: string): DemoChannelHandle {
  return { region, channelArn: `arn:aws:ivs:${region}:${accountId}:channel/${channelId}` };
}

function sessionHandle(region: string, accountId: string, channelId: string, streamId: string): DemoSessionHandle {
  return { ...channelHandle(region, accountId, channelId), streamId };
}

/** Named entry points into the demo data; `streamId` is the session each scenario is about. */
export const demo = {
  /**
   * Every StreamSession member present: STANDARD + multitrack (2 video tracks), recording, SRT,
   * Unicode tags, ad configuration, 21 events (some with codes). Newest of 3 sessions, ended.
   */
  fullest: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'ggyobZxg2oBg', 'st-8GRiEy8oXoA843RAzB0YAqF'),
  /** ADVANCED_HD with preset HIGHER_BANDWIDTH_DELIVERY (the non-empty preset), multitrack disabled; otherwise full. */
  advancedHd: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'nPKdmq0BY2Oh', 'st-qiGBnFgrFNXdTJY6ourItj2'),
  /** Ended session with exactly 500 events, the IVS maximum. */
  events500: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'Ci2X9SGAaNJ1', 'st-ujUMQ1cMONQF6rKZpdb6IU7'),
  /**
   * BASIC channel: preset, recordingConfigurationArn and playbackRestrictionPolicyArn are "",
   * no recording configuration, insecure ingest (so SRT without passphrase).
   */
  basic: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'UsioXGDY4iLa', 'st-8HX5nsSXmuUewhqUwIrqvGf'),
  /** eu-west-1 channel whose newest session is LIVE (no endTime), HEALTHY with thousands of viewers; 3 older ended sessions. */
  euLive: sessionHandle('eu-west-1', DEMO_ACCOUNT_ID, 'aVcELGJLo574', 'st-NaEHoet4oL7ZL8Fl6ZS5t0F'),
  /**
   * Enum values this schema does not know: latencyMode ULTRA_LOW, type ADVANCED_UHD,
   * containerFormat CMAF, recording state PAUSED, thumbnail storage ARCHIVE.
   */
  unknownEnums: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'vU9rAmpNqI6j', 'st-DVRgsJq6bO4RQvSsgAXNsnA'),
  /** Lab rig in ap-northeast-1 (second account): ingest numbers above 2^31 (video targetBitrate 4.5e9). */
  bigNumbers: sessionHandle('ap-northeast-1', DEMO_LAB_ACCOUNT_ID, 't50RRA9QpJ6f', 'st-Ctkka56Ry2IdcLfhAb5hPWO'),
  /** 150 sessions (BUSY_SESSION_COUNT), newest first; the newest (this streamId) is live and STARVING, the others ended. */
  busy: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'TiyabZLGYtD3', 'st-WFeci2FRv5wx2GaqXOH0RQH'),
  /**
   * Channel without any session: GetStreamSession without streamId gives ResourceNotFoundException,
   * GetStream gives ChannelNotBroadcasting.
   */
  neverLive: channelHandle('us-west-2', DEMO_ACCOUNT_ID, 'DfkLRcwTNlLE'),
  /** Every call: 403 AccessDeniedException. */
  accessDenied: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, '9oiTITjFLX2Y', 'st-2Rn77XovsR0ZgjAatZkZs3M'),
  /** Every call: 400 ValidationException. */
  validationError: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'XwC6F04QjQgl', 'st-5GnTHsdOM54v0CLI9ybjEUA'),
  /** Every call: 429 ThrottlingException "Rate exceeded". */
  throttled: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, '3h1kAgsKZ0vt', 'st-3vXBmzpKe3TOMEYsEw3kkkE'),
  /** Every call: 500 InternalServerException. */
  internalError: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, 'Z7cT6PHfoVHw', 'st-ibYidQGqZVogFCHUyS41jLj'),
  /** Answers correctly, but only after DEMO_SLOW_DELAY_MS (fault.delayMs in the data). */
  slow: sessionHandle('us-west-2', DEMO_ACCOUNT_ID, '3T2OkQ14M0bb', 'st-HAkwy4cmU6DNQBAGhMP283Q'),
} as const;

// ---------------------------------------------------------------------------------------------
// Deterministic building blocks

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-11-02T18:00:00.000Z: the fullest session starts here; other times are relative to it. */
const BASE_TIME = Date.UTC(2026, 10, 2, 18, 0, 0);

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random-looking but reproducible: the same seed always gives the same characters. */
function derivedBase62(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, length), (byte) => BASE62[byte % BASE62.length]).join('');
}

/** A stream id of the IVS form (st- and 23 letters or digits), derived from its seed. */
export const derivedStreamId = (seed: string): string => `st-${derivedBase62(seed, 23)}`;

function derivedHex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 12);
}

function arnParts(channelArn: string): { region: string; accountId: string; channelId: string } {
  const [, , , region = '', accountId = '', resource = ''] = channelArn.split(':');
  return { region, accountId, channelId: resource.slice('channel/'.length) };
}

function resourceArn(region: string, accountId: string, resource: string, id: string): string {
  return `arn:aws:ivs:${region}:${accountId}:${resource}/${id}`;
}

// ---------------------------------------------------------------------------------------------
// Channels

interface ChannelSpec {
  handle: DemoChannelHandle;
  name: string;
  type: string;
  latencyMode: string;
  tags: WireTags;
  /** IVS uses "" for "no value" in preset, recordingConfigurationArn and playbackRestrictionPolicyArn. */
  preset?: string;
  recording?: RecordingSpec;
  playbackRestrictionPolicyArn?: string;
  authorized?: boolean;
  insecureIngest?: boolean;
  containerFormat?: string;
  multitrackInputConfiguration?: WireMultitrackInputConfiguration;
  adConfigurationArn?: string;
}

function wireChannel(spec: ChannelSpec): WireChannel & { arn: string } {
  const { region, accountId, channelId } = arnParts(spec.handle.channelArn);
  const host = derivedHex(spec.handle.channelArn);
  const insecureIngest = spec.insecureIngest ?? false;
  return {
    arn: spec.handle.channelArn,
    name: spec.name,
    latencyMode: spec.latencyMode,
    type: spec.type,
    recordingConfigurationArn: spec.recording ? recordingSnapshot(spec.recording).arn : '',
    ingestEndpoint: `${host}.global-contribute.live-video.net`,
    playbackUrl: `https://${host}.${region}.playback.live-video.net/api/video/v1/${region}.${accountId}.channel.${channelId}.m3u8`,
    authorized: spec.authorized ?? false,
    tags: { ...spec.tags },
    insecureIngest,
    preset: spec.preset ?? '',
    // IVS only issues an SRT passphrase when insecure ingest is off.
    srt: insecureIngest
      ? { endpoint: `${host}.srt.live-video.net` }
      : { endpoint: `${host}.srt.live-video.net`, passphrase: DEMO_SRT_PASSPHRASE },
    playbackRestrictionPolicyArn: spec.playbackRestrictionPolicyArn ?? '',
    ...(spec.multitrackInputConfiguration && {
      multitrackInputConfiguration: { ...spec.multitrackInputConfiguration },
    }),
    containerFormat: spec.containerFormat ?? 'TS',
    ...(spec.adConfigurationArn !== undefined && { adConfigurationArn: spec.adConfigurationArn }),
  };
}

// ---------------------------------------------------------------------------------------------
// Recording configurations

interface RecordingSpec {
  region: string;
  accountId: string;
  id: string;
  name: string;
  bucketName: string;
  tags: WireTags;
  state?: string;
  storage?: string[];
}

const recordingArn = (spec: RecordingSpec) => resourceArn(spec.region, spec.accountId, 'recording-configuration', spec.id);

function recordingConfiguration(spec: RecordingSpec): WireRecordingConfiguration {
  return {
    arn: recordingArn(spec),
    name: spec.name,
    destinationConfiguration: { s3: { bucketName: spec.bucketName } },
    state: spec.state ?? 'ACTIVE',
    tags: { ...spec.tags },
    thumbnailConfiguration: {
      recordingMode: 'INTERVAL',
      targetIntervalSeconds: 30,
      resolution: 'HD',
      storage: [...(spec.storage ?? ['SEQUENTIAL', 'LATEST'])],
    },
    recordingReconnectWindowSeconds: 60,
    renditionConfiguration: { renditionSelection: 'CUSTOM', renditions: ['HD', 'FULL_HD'] },
  };
}

const US_WEST_RECORDING: RecordingSpec = {
  region: 'us-west-2',
  accountId: DEMO_ACCOUNT_ID,
  id: 'gvdrzob3GnPA',
  name: 'live-archive-us-west-2',
  bucketName: 'demo-ivs-recordings-us-west-2',
  tags: { team: 'Live-Ops', retention: '90d' },
};

const EU_WEST_RECORDING: RecordingSpec = {
  region: 'eu-west-1',
  accountId: DEMO_ACCOUNT_ID,
  id: '67GHR49vFMm6',
  name: 'newsroom-archive-eu-west-1',
  bucketName: 'demo-ivs-recordings-eu-west-1',
  tags: { team: 'Newsroom', 'data-residency': 'EU' },
};

const UNKNOWN_ENUMS_RECORDING: RecordingSpec = {
  region: 'us-west-2',
  accountId: DEMO_ACCOUNT_ID,
  id: 'BfSor8rgwvDv',
  name: 'future-archive',
  bucketName: 'demo-ivs-recordings-future',
  tags: { team: 'Platform' },
  state: 'PAUSED',
  storage: ['SEQUENTIAL', 'ARCHIVE'],
};

/** Used by the ap-northeast-1 fleet channels that record. */
const AP_NORTHEAST_RECORDING: RecordingSpec = {
  region: 'ap-northeast-1',
  accountId: DEMO_ACCOUNT_ID,
  id: 'Tk7wQa2NfYc9',
  name: 'fleet-archive-ap-northeast-1',
  bucketName: 'demo-ivs-recordings-ap-northeast-1',
  tags: { team: 'Fleet', 'data-residency': 'JP' },
};

/** Every recording configuration of the demo account(s): the one place they are defined. */
const RECORDING_SPECS: readonly RecordingSpec[] = [US_WEST_RECORDING, EU_WEST_RECORDING, UNKNOWN_ENUMS_RECORDING, AP_NORTHEAST_RECORDING];

const CANONICAL_RECORDINGS: ReadonlyMap<string, WireRecordingConfiguration> = new Map(
  RECORDING_SPECS.map((spec) => [recordingArn(spec), recordingConfiguration(spec)]),
);

/**
 * A copy of the canonical configuration, as a session carries it (a snapshot taken when the
 * session went live). Throws for a configuration missing from RECORDING_SPECS, so a channel can
 * never reference an ARN that GetRecordingConfiguration would not find.
 */
function recordingSnapshot(spec: RecordingSpec): WireRecordingConfiguration {
  const canonical = CANONICAL_RECORDINGS.get(recordingArn(spec));
  if (!canonical) throw new Error(`Recording configuration ${recordingArn(spec)} is missing from RECORDING_SPECS`);
  return structuredClone(canonical);
}

const PLAYBACK_RESTRICTION_POLICY_ARN = resourceArn('us-west-2', DEMO_ACCOUNT_ID, 'playback-restriction-policy', 'cmrHBU3xQIRD');
const AD_CONFIGURATION_ARN = resourceArn('us-west-2', DEMO_ACCOUNT_ID, 'ad-configuration', '5PzbrD2X4r7F');

// ---------------------------------------------------------------------------------------------
// Ingest configurations

const OBS_ENCODER = 'obs-output module (libobs version 31.0.2)';

interface VideoSpec {
  track: string;
  width: number;
  height: number;
  framerate: number;
  bitrate: number;
  codec: string;
  profile: string;
  level: string;
}

function video(spec: VideoSpec): WireVideoConfiguration {
  // For AVC, IVS reports the same value under avcProfile/profile and avcLevel/level.
  return {
    avcProfile: spec.profile,
    avcLevel: spec.level,
    codec: spec.codec,
    encoder: OBS_ENCODER,
    targetBitrate: spec.bitrate,
    targetFramerate: spec.framerate,
    videoHeight: spec.height,
    videoWidth: spec.width,
    level: spec.level,
    profile: spec.profile,
    track: spec.track,
  };
}

function aacAudio(targetBitrate: number, sampleRate = 48_000, channels = 2): WireAudioConfiguration {
  return { codec: 'mp4a.40.2', targetBitrate, sampleRate, channels, track: 'track0' };
}

const VIDEO_1080P60: VideoSpec = {
  track: 'track0',
  width: 1920,
  height: 1080,
  framerate: 60,
  bitrate: 6_000_000,
  codec: 'avc1.64002A',
  profile: 'High',
  level: '4.2',
};

const VIDEO_720P30: VideoSpec = {
  track: 'track1',
  width: 1280,
  height: 720,
  framerate: 30,
  bitrate: 2_500_000,
  codec: 'avc1.4D401F',
  profile: 'Main',
  level: '3.1',
};

/** What the broadcaster sent: track0 first; a fresh object per call so nothing is shared. */
interface IngestTracks {
  video: VideoSpec[];
  audio: () => WireAudioConfiguration;
}

const SINGLE_TRACK_1080P: IngestTracks = { video: [VIDEO_1080P60], audio: () => aacAudio(160_000) };

// ---------------------------------------------------------------------------------------------
// Events (type and name values as documented for IVS's EventBridge events)

const STATE_CHANGE = 'IVS Stream State Change';
const HEALTH_CHANGE = 'IVS Stream Health Change';
const RECORDING_CHANGE = 'IVS Recording State Change';

type EventAt = readonly [at: number, type: string, name: string, code?: string];

/** IVS lists events most recent first. */
function truncatedEvents(events: readonly EventAt[]): WireStreamEvent[] {
  return [...events]
    .sort((a, b) => b[0] - a[0])
    .map(([at, type, name, code]) => ({ name, type, eventTime: iso(at), ...(code && { code }) }));
}

/**
 * The usual life of a session: created, started, recorded, a few starvations, then the end
 * (omitted while live). With recording this is 6 + 2 × starvations events.
 */
function lifecycleEvents(
  start: number,
  end: number | undefined,
  options: { recording: boolean; starvations: number; extra?: readonly EventAt[] },
): WireStreamEvent[] {
  const events: EventAt[] = [
    [start, STATE_CHANGE, 'Session Created'],
    [start + 2 * SECOND, STATE_CHANGE, 'Stream Start'],
  ];
  if (options.recording) events.push([start + 3 * SECOND, RECORDING_CHANGE, 'Recording Start']);

  // Starvations spread evenly, on whole seconds, over the session minus its first and last minute.
  const windowStart = start + MINUTE;
  const windowEnd = (end ?? start + HOUR) - MINUTE;
  const spacing = Math.floor((windowEnd - windowStart) / (options.starvations + 1) / SECOND) * SECOND;
  for (let i = 1; i <= options.starvations; i++) {
    const starved = windowStart + i * spacing;
    events.push([starved, HEALTH_CHANGE, 'Starvation Start'], [starved + 5 * SECOND, HEALTH_CHANGE, 'Starvation End']);
  }

  if (end !== undefined) {
    // IVS may send Session Ended before Stream End: it keeps processing video briefly.
    events.push([end - 4 * SECOND, STATE_CHANGE, 'Session Ended'], [end - 2 * SECOND, STATE_CHANGE, 'Stream End']);
    if (options.recording) events.push([end, RECORDING_CHANGE, 'Recording End']);
  }
  events.push(...(options.extra ?? []));
  return truncatedEvents(events);
}

// ---------------------------------------------------------------------------------------------
// Sessions

interface SessionSpec {
  streamId: string;
  start: number;
  /** Absent while the session is live. */
  end?: number;
  channel: ChannelSpec;
  ingest?: IngestTracks;
  recording?: RecordingSpec;
  events: WireStreamEvent[];
}

function streamSession(spec: SessionSpec): DemoSession {
  const { ingest } = spec;
  const [track0] = ingest?.video ?? [];
  return {
    streamId: spec.streamId,
    startTime: iso(spec.start),
    ...(spec.end !== undefined && { endTime: iso(spec.end) }),
    channel: wireChannel(spec.channel),
    // The deprecated ingestConfiguration mirrors track0 of ingestConfigurations.
    ...(ingest &&
      track0 && {
        ingestConfiguration: { video: video(track0), audio: ingest.audio() },
        ingestConfigurations: {
          videoConfigurations: ingest.video.map(video),
          audioConfigurations: [ingest.audio()],
        },
      }),
    ...(spec.recording && { recordingConfiguration: recordingSnapshot(spec.recording) }),
    truncatedEvents: spec.events,
  };
}

/** An ended session with the usual events, on channels whose sessions are not individually interesting. */
function ordinarySession(channel: ChannelSpec, streamId: string, start: number, durationMs: number, starvations = 1): DemoSession {
  const { recording } = channel;
  return streamSession({
    streamId,
    start,
    end: start + durationMs,
    channel,
    ingest: SINGLE_TRACK_1080P,
    ...(recording && { recording }),
    events: lifecycleEvents(start, start + durationMs, { recording: recording !== undefined, starvations }),
  });
}

function demoChannel(spec: ChannelSpec, sessions: DemoSession[], extras: { fault?: DemoFault; live?: DemoLiveState } = {}): DemoChannel {
  const { fault, live } = extras;
  const newestIsLive = sessions[0] !== undefined && sessions[0].endTime === undefined;
  if (newestIsLive !== (live !== undefined)) {
    throw new Error(`Demo channel ${spec.name}: live state must be given exactly when the newest session is live`);
  }
  return { channel: wireChannel(spec), sessions, ...(fault && { fault }), ...(live && { live: { ...live } }) };
}

// ---------------------------------------------------------------------------------------------
// The scenarios

function fullestChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.fullest,
    name: 'main-stage',
    type: 'STANDARD',
    latencyMode: 'LOW',
    tags: { team: 'Live-Ops', 名前: 'ライブ配信', emoji: '🎥 stream', zürich: 'Grüße' },
    recording: US_WEST_RECORDING,
    playbackRestrictionPolicyArn: PLAYBACK_RESTRICTION_POLICY_ARN,
    authorized: true,
    containerFormat: 'FRAGMENTED_MP4',
    multitrackInputConfiguration: { enabled: true, policy: 'ALLOW', maximumResolution: 'FULL_HD' },
    adConfigurationArn: AD_CONFIGURATION_ARN,
  };
  const start = BASE_TIME;
  const at = (seconds: number) => start + seconds * SECOND;
  const fullest = streamSession({
    streamId: demo.fullest.streamId,
    start,
    end: at(10_800),
    channel,
    ingest: { video: [VIDEO_1080P60, VIDEO_720P30], audio: () => aacAudio(160_000) },
    recording: US_WEST_RECORDING,
    events: truncatedEvents([
      [at(0), STATE_CHANGE, 'Session Created'],
      [at(2), STATE_CHANGE, 'Stream Start'],
      [at(3), RECORDING_CHANGE, 'Recording Start'],
      [at(754), HEALTH_CHANGE, 'Starvation Start'],
      [at(761), HEALTH_CHANGE, 'Starvation End'],
      [at(1_630), STATE_CHANGE, 'Stream Takeover Failure', 'StreamTakeoverMediaMismatch'],
      [at(1_712), STATE_CHANGE, 'Stream Takeover Failure', 'StreamTakeoverInvalidPriority'],
      [at(1_745), STATE_CHANGE, 'Stream Takeover'],
      [at(2_890), HEALTH_CHANGE, 'Starvation Start'],
      [at(2_897), HEALTH_CHANGE, 'Starvation End'],
      [at(4_102), STATE_CHANGE, 'Stream Takeover Failure', 'StreamTakeoverLimitBreached'],
      [at(5_400), HEALTH_CHANGE, 'Starvation Start'],
      [at(5_431), HEALTH_CHANGE, 'Starvation End'],
      [at(7_311), HEALTH_CHANGE, 'Starvation Start'],
      [at(7_318), HEALTH_CHANGE, 'Starvation End'],
      [at(9_000), STATE_CHANGE, 'Stream Takeover'],
      [at(9_560), HEALTH_CHANGE, 'Starvation Start'],
      [at(9_566), HEALTH_CHANGE, 'Starvation End'],
      [at(10_796), STATE_CHANGE, 'Session Ended'],
      [at(10_798), STATE_CHANGE, 'Stream End'],
      [at(10_800), RECORDING_CHANGE, 'Recording End'],
    ]),
  });
  // The broadcaster's first attempt that day was refused before going live: no ingest or recording data.
  const rejectedStart = BASE_TIME - 20 * MINUTE;
  const rejected = streamSession({
    streamId: derivedStreamId('fullest/rejected'),
    start: rejectedStart,
    end: rejectedStart + 3 * SECOND,
    channel,
    events: truncatedEvents([
      [rejectedStart, STATE_CHANGE, 'Session Created'],
      [rejectedStart + 3 * SECOND, STATE_CHANGE, 'Session Ended', 'InvalidMultitrackInputTrackCount'],
    ]),
  });
  const older = ordinarySession(channel, derivedStreamId('fullest/older'), BASE_TIME - 2 * DAY, 2 * HOUR, 2);
  return demoChannel(channel, [fullest, rejected, older]);
}

function advancedHdChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.advancedHd,
    name: 'premium-sports',
    type: 'ADVANCED_HD',
    latencyMode: 'NORMAL',
    preset: 'HIGHER_BANDWIDTH_DELIVERY',
    tags: { team: 'Sports', tier: 'premium' },
    recording: US_WEST_RECORDING,
    playbackRestrictionPolicyArn: PLAYBACK_RESTRICTION_POLICY_ARN,
    authorized: true,
    multitrackInputConfiguration: { enabled: false },
    adConfigurationArn: AD_CONFIGURATION_ARN,
  };
  return demoChannel(channel, [ordinarySession(channel, demo.advancedHd.streamId, BASE_TIME + 5 * HOUR, 150 * MINUTE, 3)]);
}

function events500Channel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.events500,
    name: 'marathon-247',
    type: 'STANDARD',
    latencyMode: 'LOW',
    tags: { team: 'Live-Ops', show: 'marathon' },
    recording: US_WEST_RECORDING,
  };
  // 6 lifecycle events + 247 starvation pairs = 500.
  return demoChannel(channel, [ordinarySession(channel, demo.events500.streamId, BASE_TIME - DAY, 12 * HOUR, 247)]);
}

function basicChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.basic,
    name: 'community-basic',
    type: 'BASIC',
    latencyMode: 'NORMAL',
    tags: { team: 'Community' },
    insecureIngest: true,
  };
  return demoChannel(channel, [ordinarySession(channel, demo.basic.streamId, BASE_TIME + 2 * HOUR, 45 * MINUTE)]);
}

function euLiveChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.euLive,
    name: 'eu-newsroom',
    type: 'STANDARD',
    latencyMode: 'LOW',
    tags: { team: 'Newsroom', 'data-residency': 'EU' },
    recording: EU_WEST_RECORDING,
  };
  const liveStart = Date.UTC(2026, 10, 25, 7, 30, 0);
  const live = streamSession({
    streamId: demo.euLive.streamId,
    start: liveStart,
    channel,
    ingest: SINGLE_TRACK_1080P,
    recording: EU_WEST_RECORDING,
    events: lifecycleEvents(liveStart, undefined, { recording: true, starvations: 1 }),
  });
  const ended = [1, 2, 3].map((daysAgo) => {
    const start = liveStart - daysAgo * DAY;
    const end = start + 4 * HOUR;
    return streamSession({
      streamId: derivedStreamId(`euLive/${daysAgo}`),
      start,
      end,
      channel,
      ingest: SINGLE_TRACK_1080P,
      recording: EU_WEST_RECORDING,
      events: lifecycleEvents(start, end, { recording: true, starvations: daysAgo }),
    });
  });
  return demoChannel(channel, [live, ...ended], { live: { health: 'HEALTHY', viewerCount: 12_847 } });
}

function unknownEnumsChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.unknownEnums,
    name: 'future-formats',
    type: 'ADVANCED_UHD',
    latencyMode: 'ULTRA_LOW',
    preset: 'HIGHER_BANDWIDTH_DELIVERY',
    containerFormat: 'CMAF',
    tags: { team: 'Platform' },
    recording: UNKNOWN_ENUMS_RECORDING,
  };
  const start = BASE_TIME + 8 * HOUR;
  const end = start + HOUR;
  return demoChannel(channel, [
    streamSession({
      streamId: demo.unknownEnums.streamId,
      start,
      end,
      channel,
      ingest: SINGLE_TRACK_1080P,
      recording: UNKNOWN_ENUMS_RECORDING,
      events: lifecycleEvents(start, end, { recording: true, starvations: 1 }),
    }),
  ]);
}

function bigNumbersChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.bigNumbers,
    name: 'lab-8k-rig',
    type: 'STANDARD',
    latencyMode: 'NORMAL',
    tags: { team: 'Video-Lab', purpose: 'encoder-stress-test' },
  };
  const start = BASE_TIME + 3 * HOUR;
  const end = start + 20 * MINUTE;
  // Above 2^31 but well below 2^53: only a 32-bit integer type would get these wrong.
  const labVideo: VideoSpec = {
    track: 'track0',
    width: 7680,
    height: 4320,
    framerate: 120,
    bitrate: 4_500_000_000,
    codec: 'avc1.640034',
    profile: 'High',
    level: '5.2',
  };
  return demoChannel(channel, [
    streamSession({
      streamId: demo.bigNumbers.streamId,
      start,
      end,
      channel,
      ingest: { video: [labVideo], audio: () => aacAudio(2_304_000_000, 192_000, 16) },
      events: lifecycleEvents(start, end, { recording: false, starvations: 0 }),
    }),
  ]);
}

export const BUSY_SESSION_COUNT = 150;

function busyChannel(): DemoChannel {
  const channel: ChannelSpec = {
    handle: demo.busy,
    name: 'always-on-radio',
    type: 'STANDARD',
    latencyMode: 'NORMAL',
    tags: { team: 'Audio', format: 'talk-radio' },
  };
  const newestStart = Date.UTC(2026, 10, 24, 22, 0, 0);
  const live = streamSession({
    streamId: demo.busy.streamId,
    start: newestStart,
    channel,
    ingest: SINGLE_TRACK_1080P,
    events: lifecycleEvents(newestStart, undefined, { recording: false, starvations: 0 }),
  });
  // One session every 6 hours going back; durations and starvations vary so sessions differ.
  const ended = Array.from({ length: BUSY_SESSION_COUNT - 1 }, (_, index) => {
    const n = index + 1;
    return ordinarySession(channel, derivedStreamId(`busy/${n}`), newestStart - n * 6 * HOUR, 2 * HOUR + (n % 5) * 10 * MINUTE, n % 3);
  });
  return demoChannel(channel, [live, ...ended], { live: { health: 'STARVING', viewerCount: 37 } });
}

function neverLiveChannel(): DemoChannel {
  return demoChannel({ handle: demo.neverLive, name: 'new-channel', type: 'STANDARD', latencyMode: 'LOW', tags: {} }, []);
}

/** A channel with one ordinary session whose every GetStreamSession call meets `fault`. */
function faultChannel(handle: DemoSessionHandle, name: string, fault: DemoFault): DemoChannel {
  const channel: ChannelSpec = { handle, name, type: 'STANDARD', latencyMode: 'LOW', tags: { team: 'QA' } };
  return demoChannel(channel, [ordinarySession(channel, handle.streamId, BASE_TIME + 6 * HOUR, HOUR)], { fault });
}

function faultChannels(): DemoChannel[] {
  const { accessDenied, validationError, throttled, internalError, slow } = demo;
  return [
    faultChannel(accessDenied, 'qa-access-denied', {
      kind: 'error',
      code: 'AccessDeniedException',
      message: `User: arn:aws:iam::${DEMO_ACCOUNT_ID}:user/demo-reader is not authorized to perform: ivs:GetStreamSession on resource: ${accessDenied.channelArn} because no identity-based policy allows the ivs:GetStreamSession action`,
    }),
    faultChannel(validationError, 'qa-validation-error', {
      kind: 'error',
      code: 'ValidationException',
      message: `1 validation error detected: Value '${validationError.channelArn}' at 'channelArn' failed to satisfy constraint: Member must reference a channel owned by the calling account`,
    }),
    faultChannel(throttled, 'qa-throttled', { kind: 'error', code: 'ThrottlingException', message: 'Rate exceeded' }),
    faultChannel(internalError, 'qa-internal-error', {
      kind: 'error',
      code: 'InternalServerException',
      message: 'Unexpected error during processing of request.',
    }),
    faultChannel(slow, 'qa-slow', { kind: 'slow', delayMs: DEMO_SLOW_DELAY_MS }),
  ];
}

// ---------------------------------------------------------------------------------------------
// The fleet: many small channels, so that listings really page and batches fill up

export const DEMO_FLEET_SIZE = 72;
const FLEET_REGIONS = ['us-west-2', 'eu-west-1', 'ap-northeast-1'] as const;
type FleetRegion = (typeof FLEET_REGIONS)[number];
const FLEET_RECORDINGS: Readonly<Record<FleetRegion, RecordingSpec>> = {
  'us-west-2': US_WEST_RECORDING,
  'eu-west-1': EU_WEST_RECORDING,
  'ap-northeast-1': AP_NORTHEAST_RECORDING,
};
const FLEET_TYPES = ['STANDARD', 'BASIC', 'ADVANCED_SD'] as const;

interface FleetPlan {
  readonly index: number;
  readonly region: FleetRegion;
  readonly handle: DemoFleetHandle;
  readonly sessionCount: number;
  readonly live?: DemoLiveState;
}

/**
 * Fleet channel `index`: regions in turn (us-west-2, eu-west-1, ap-northeast-1), 1-3 sessions,
 * every fourth channel live with health cycling HEALTHY / STARVING / UNKNOWN across regions.
 */
function fleetPlan(index: number): FleetPlan {
  const region = FLEET_REGIONS[index % FLEET_REGIONS.length] ?? 'us-west-2';
  const channelId = derivedBase62(`fleet/${index}`, 12);
  const handle: DemoFleetHandle = {
    ...sessionHandle(region, DEMO_ACCOUNT_ID, channelId, derivedStreamId(`fleet/${index}/0`)),
    name: `fleet-${String(index).padStart(3, '0')}`,
  };
  const sessionCount = 1 + (Math.floor(index / 2) % 3);
  if (index % 4 !== 0) return { index, region, handle, sessionCount };
  const health = STREAM_HEALTH_VALUES[Math.floor(index / 12) % STREAM_HEALTH_VALUES.length] ?? 'UNKNOWN';
  return { index, region, handle, sessionCount, live: { health, viewerCount: 5 + ((index * 7_919) % 2_500) } };
}

const FLEET_PLANS: readonly FleetPlan[] = Array.from({ length: DEMO_FLEET_SIZE }, (_, index) => fleetPlan(index));

/**
 * The fleet's handles, in index order: `fleet-000` … `fleet-071`, ids derived from the index,
 * spread over us-west-2, eu-west-1 and ap-northeast-1 (24 each). Pick channels here to ask for
 * many distinct channels at once (BatchGetChannel takes 50).
 */
export const demoFleet: readonly DemoFleetHandle[] = Object.freeze(FLEET_PLANS.map((plan) => Object.freeze(plan.handle)));

function fleetChannel(plan: FleetPlan): DemoChannel {
  const { index, region, handle, live } = plan;
  const type = FLEET_TYPES[Math.floor(index / 3) % FLEET_TYPES.length] ?? 'STANDARD';
  const recording = index % 5 < 2 ? FLEET_RECORDINGS[region] : undefined;
  const channel: ChannelSpec = {
    handle,
    name: handle.name,
    type,
    latencyMode: index % 2 === 0 ? 'LOW' : 'NORMAL',
    tags: { team: 'Fleet', site: `site-${index % 8}` },
    ...(type === 'ADVANCED_SD' && { preset: 'CONSTRAINED_BANDWIDTH_DELIVERY' }),
    ...(type === 'BASIC' && { insecureIngest: true }),
    ...(recording && { recording }),
  };
  const newestStart = Date.UTC(2026, 10, 25, 6, 0, 0) - index * 11 * MINUTE;
  const sessions = Array.from({ length: plan.sessionCount }, (_, n) => {
    const start = newestStart - n * DAY;
    const end = n === 0 && live ? undefined : start + (30 + (index % 4) * 15) * MINUTE;
    // Now and then a failed takeover attempt: a session with an error event (hasErrorEvent).
    const failure: EventAt[] =
      (index + n) % 5 === 2 ? [[start + 10 * MINUTE, STATE_CHANGE, 'Stream Takeover Failure', 'StreamTakeoverMediaMismatch']] : [];
    return streamSession({
      streamId: derivedStreamId(`fleet/${index}/${n}`),
      start,
      ...(end !== undefined && { end }),
      channel,
      ingest: SINGLE_TRACK_1080P,
      ...(recording && { recording }),
      events: lifecycleEvents(start, end, { recording: recording !== undefined, starvations: n, extra: failure }),
    });
  });
  return demoChannel(channel, sessions, live && { live });
}

// ---------------------------------------------------------------------------------------------
// Public API

/** A fresh, independent copy of the demo data: mutate it freely (e.g. to change a fault). */
export function createDemoData(): DemoData {
  return {
    channels: [
      fullestChannel(),
      advancedHdChannel(),
      events500Channel(),
      basicChannel(),
      euLiveChannel(),
      unknownEnumsChannel(),
      bigNumbersChannel(),
      busyChannel(),
      neverLiveChannel(),
      ...faultChannels(),
      ...FLEET_PLANS.map(fleetChannel),
    ],
    recordingConfigurations: RECORDING_SPECS.map(recordingSnapshot),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * The reference copy for comparisons. Frozen, so a test that mutates it by mistake fails loudly
 * instead of changing what other tests compare against; use createDemoData() to get a mutable copy.
 */
export const demoData: DemoData = deepFreeze(createDemoData());
export const demoChannels: readonly DemoChannel[] = demoData.channels;

export function findDemoChannel(data: DemoData, channelArn: string): DemoChannel | undefined {
  return data.channels.find((entry) => entry.channel.arn === channelArn);
}

export function findDemoRecordingConfiguration(data: DemoData, arn: string): WireRecordingConfiguration | undefined {
  return data.recordingConfigurations.find((configuration) => configuration.arn === arn);
}

/** The session a handle names; throws if the data no longer holds it (a broken test setup). */
export function demoSession(handle: DemoSessionHandle, data: DemoData = demoData): DemoSession {
  const session = findDemoChannel(data, handle.channelArn)?.sessions.find((s) => s.streamId === handle.streamId);
  if (!session) throw new Error(`Demo data has no session ${handle.streamId} on ${handle.channelArn}`);
  return session;
}
