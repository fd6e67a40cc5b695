/**
 * The IVS operations the embedded IVS answers, as a route table: adding an operation means adding
 * a handler and a row, nothing else.
 *
 * Handlers return the JSON output (plus any delay the data asks for) or throw a WireError.
 *
 * Each region is a separate IVS: only the channels and recording configurations whose ARN names
 * the signing region exist at that "endpoint"; the embedded IVS serves every account it has data
 * for in that region (in practice one account per region view).
 */
import {
  findDemoChannel,
  findDemoRecordingConfiguration,
  STREAM_HEALTH_VALUES,
  type DemoChannel,
  type DemoData,
  type DemoSession,
} from './demo-data.js';
import {
  validateMembers,
  type EnumMemberConstraints,
  type InputObject,
  type IntegerMemberConstraints,
  type StringListMemberConstraints,
  type StringMemberConstraints,
} from './input-validation.js';
import { pageOf } from './paging.js';
import { serviceError, serviceErrorWithoutMessage } from './wire-errors.js';
import type {
  WireBatchError,
  WireChannel,
  WireChannelSummary,
  WireStream,
  WireStreamSessionSummary,
  WireStreamSummary,
} from './wire-types.js';

export interface OperationContext {
  /** The region of the SigV4 credential scope: the regional endpoint the client meant to call. */
  readonly region: string;
  readonly data: DemoData;
}

/** A fault of the HTTP exchange itself, which the server (not the handler) carries out. */
export type TransportFault = 'connection-reset' | 'malformed-json';

export interface OperationResult {
  readonly output: object;
  /** Extra time to wait before answering (a "slow" fault). */
  readonly delayMs: number;
  /** Instead of a well-formed answer, break the exchange this way (fault injection). */
  readonly transport?: TransportFault;
}

export interface Operation {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly handle: (input: InputObject, context: OperationContext) => OperationResult;
}

/**
 * The call-rate quotas IVS documents for these operations (TPS per account and region, not
 * adjustable; "IVS Service Quotas", low-latency streaming user guide). Documentation only: the
 * embedded IVS never throttles by rate; the `throttled` demo channel is how to get a 429.
 */
export const IVS_DOCUMENTED_RATE_LIMITS_TPS = {
  BatchGetChannel: 5,
  GetChannel: 5,
  GetRecordingConfiguration: 3,
  GetStream: 5,
  GetStreamSession: 5,
  ListChannels: 5,
  ListStreamSessions: 5,
  ListStreams: 5,
} as const satisfies Readonly<Record<string, number>>;

// ---------------------------------------------------------------------------------------------
// Member constraints from the IVS Smithy model (patterns verbatim, they appear in error messages)

const CHANNEL_ARN = {
  required: true,
  minLength: 1,
  maxLength: 128,
  pattern: '^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$',
} as const satisfies StringMemberConstraints;

const STREAM_ID = {
  required: false,
  minLength: 26,
  maxLength: 26,
  pattern: '^st-[a-zA-Z0-9]+$',
} as const satisfies StringMemberConstraints;

/** BatchGetChannelRequest.arns: 1..50 ChannelArns. */
const CHANNEL_ARN_LIST = {
  kind: 'list',
  required: true,
  minLength: 1,
  maxLength: 50,
  member: CHANNEL_ARN,
} as const satisfies StringListMemberConstraints;

/** RecordingConfigurationArn: the model allows length 0, but the pattern needs a full ARN. */
const RECORDING_CONFIGURATION_ARN = {
  required: true,
  minLength: 0,
  maxLength: 128,
  pattern: '^arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+$',
} as const satisfies StringMemberConstraints;

const CHANNEL_NAME_FILTER = {
  required: false,
  minLength: 0,
  maxLength: 128,
  pattern: '^[a-zA-Z0-9-_]*$',
} as const satisfies StringMemberConstraints;

const RECORDING_CONFIGURATION_ARN_FILTER = {
  required: false,
  minLength: 0,
  maxLength: 128,
  pattern: '^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+$$',
} as const satisfies StringMemberConstraints;

const PLAYBACK_RESTRICTION_POLICY_ARN_FILTER = {
  required: false,
  minLength: 0,
  maxLength: 128,
  pattern: '^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:playback-restriction-policy/[a-zA-Z0-9-]+$$',
} as const satisfies StringMemberConstraints;

/**
 * filterByAdConfigurationArn exists only in the SDK (newer than the models at hand), which ships no
 * constraints: these are assumed by analogy with the other ARN filters.
 */
const AD_CONFIGURATION_ARN_FILTER = {
  required: false,
  minLength: 0,
  maxLength: 128,
  pattern: '^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:ad-configuration/[a-zA-Z0-9-]+$$',
} as const satisfies StringMemberConstraints;

const PAGINATION_TOKEN = {
  required: false,
  minLength: 0,
  maxLength: 1024,
  pattern: '^[a-zA-Z0-9+/=_-]*$',
} as const satisfies StringMemberConstraints;

/** MaxChannelResults and MaxStreamResults alike: range 1..100, documented default 100. */
const MAX_RESULTS = { kind: 'integer', required: false, min: 1, max: 100 } as const satisfies IntegerMemberConstraints;

const STREAM_HEALTH = {
  kind: 'enum',
  required: false,
  values: STREAM_HEALTH_VALUES,
} as const satisfies EnumMemberConstraints;

// ---------------------------------------------------------------------------------------------
// Shared lookups

const arnRegion = (arn: string): string | undefined => arn.split(':')[3];

/** The channel as this region's IVS sees it: a channel of another region does not exist here. */
function channelInRegion({ region, data }: OperationContext, channelArn: string): DemoChannel | undefined {
  return arnRegion(channelArn) === region ? findDemoChannel(data, channelArn) : undefined;
}

const channelNotFound = (channelArn: string) => serviceError('ResourceNotFoundException', `Channel not found: ${channelArn}`);

function requireChannel(context: OperationContext, channelArn: string): DemoChannel {
  const channel = channelInRegion(context, channelArn);
  if (!channel) throw channelNotFound(channelArn);
  return channel;
}

interface FaultEffect {
  delayMs: number;
  transport?: TransportFault;
}

/**
 * Throws the channel's error faults (a throttle burst counts down by one); otherwise the delay its
 * slow fault asks for (0 without one) and the transport fault to carry out, if any.
 */
function applyFault({ fault }: DemoChannel): FaultEffect {
  switch (fault?.kind) {
    case undefined:
      return { delayMs: 0 };
    case 'error':
      throw serviceError(fault.code, fault.message);
    case 'error-without-message':
      throw serviceErrorWithoutMessage(fault.code);
    case 'throttle-burst':
      if (fault.remaining > 0) {
        fault.remaining -= 1;
        throw serviceError('ThrottlingException', 'Rate exceeded');
      }
      return { delayMs: 0 };
    case 'slow':
      return { delayMs: fault.delayMs };
    case 'connection-reset':
    case 'malformed-json':
      return { delayMs: 0, transport: fault.kind };
  }
}

function channelsOfRegion({ region, data }: OperationContext): DemoChannel[] {
  return data.channels.filter((entry) => arnRegion(entry.channel.arn) === region);
}

/** The channel's live stream: its newest session while that has no endTime. */
function liveStreamOf(entry: DemoChannel): (WireStream & { channelArn: string; streamId: string }) | undefined {
  const newest = entry.sessions[0];
  if (!newest || newest.endTime !== undefined) return undefined;
  return {
    channelArn: entry.channel.arn,
    streamId: newest.streamId,
    ...(entry.channel.playbackUrl !== undefined && { playbackUrl: entry.channel.playbackUrl }),
    startTime: newest.startTime,
    state: 'LIVE',
    // `live` should always be there for a live channel; if data was edited without it, IVS's
    // "don't know" values stand in.
    health: entry.live?.health ?? 'UNKNOWN',
    viewerCount: entry.live?.viewerCount ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Handlers

function getStreamSession(input: InputObject, context: OperationContext): OperationResult {
  const { channelArn, streamId } = validateMembers(input, { channelArn: CHANNEL_ARN, streamId: STREAM_ID });
  const channel = requireChannel(context, channelArn);
  const effect = applyFault(channel);

  const session = streamId === undefined ? channel.sessions[0] : channel.sessions.find((s) => s.streamId === streamId);
  if (!session) {
    throw serviceError(
      'ResourceNotFoundException',
      streamId === undefined ? `No stream session found for channel: ${channelArn}` : `Stream session not found: ${streamId}`,
    );
  }
  return { output: { streamSession: session }, ...effect };
}

function getChannel(input: InputObject, context: OperationContext): OperationResult {
  const { arn } = validateMembers(input, { arn: CHANNEL_ARN });
  const channel = requireChannel(context, arn);
  return { output: { channel: channel.channel }, ...applyFault(channel) };
}

/**
 * Like GetChannel for each distinct ARN (in request order), but per-ARN failures are entries of
 * `errors` in the 200 answer: unknown or other-region channels (ResourceNotFoundException) and
 * channels with an error fault (the fault's code and message). Only a malformed request fails as
 * a whole (400).
 */
function batchGetChannel(input: InputObject, context: OperationContext): OperationResult {
  const { arns } = validateMembers(input, { arns: CHANNEL_ARN_LIST });
  const channels: WireChannel[] = [];
  const errors: WireBatchError[] = [];
  let delayMs = 0;
  let transport: TransportFault | undefined;
  for (const arn of new Set(arns)) {
    const entry = channelInRegion(context, arn);
    if (!entry) {
      errors.push({ arn, code: 'ResourceNotFoundException', message: `Channel not found: ${arn}` });
    } else if (entry.fault?.kind === 'error') {
      errors.push({ arn, code: entry.fault.code, message: entry.fault.message });
    } else {
      // Faults of the exchange (throttling, broken answers) hit the whole call.
      const effect = applyFault(entry);
      channels.push(entry.channel);
      delayMs = Math.max(delayMs, effect.delayMs);
      transport ??= effect.transport;
    }
  }
  return { output: { channels, errors }, delayMs, ...(transport && { transport }) };
}

function channelSummary({ channel }: DemoChannel): WireChannelSummary {
  return {
    arn: channel.arn,
    name: channel.name,
    latencyMode: channel.latencyMode,
    authorized: channel.authorized,
    recordingConfigurationArn: channel.recordingConfigurationArn,
    tags: channel.tags,
    insecureIngest: channel.insecureIngest,
    type: channel.type,
    preset: channel.preset,
    playbackRestrictionPolicyArn: channel.playbackRestrictionPolicyArn,
    ...(channel.adConfigurationArn !== undefined && { adConfigurationArn: channel.adConfigurationArn }),
  };
}

/** "" means "no filter", as for an absent member. */
const filterValue = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

/**
 * The region's channels as ChannelSummary, sorted by ARN. Filters:
 * - `filterByName` matches channel names that START with the given string (IVS's behaviour,
 *   although the model only says "match"), case-sensitively;
 * - the ARN filters match exactly;
 * - `filterByName` and `filterByRecordingConfigurationArn` are mutually exclusive (409
 *   ConflictException, as documented); the others combine with AND.
 */
function listChannels(input: InputObject, context: OperationContext): OperationResult {
  const members = validateMembers(input, {
    filterByName: CHANNEL_NAME_FILTER,
    filterByRecordingConfigurationArn: RECORDING_CONFIGURATION_ARN_FILTER,
    filterByPlaybackRestrictionPolicyArn: PLAYBACK_RESTRICTION_POLICY_ARN_FILTER,
    filterByAdConfigurationArn: AD_CONFIGURATION_ARN_FILTER,
    nextToken: PAGINATION_TOKEN,
    maxResults: MAX_RESULTS,
  });
  const filters = {
    name: filterValue(members.filterByName),
    recordingConfigurationArn: filterValue(members.filterByRecordingConfigurationArn),
    playbackRestrictionPolicyArn: filterValue(members.filterByPlaybackRestrictionPolicyArn),
    adConfigurationArn: filterValue(members.filterByAdConfigurationArn),
  };
  if (filters.name !== undefined && filters.recordingConfigurationArn !== undefined) {
    throw serviceError(
      'ConflictException',
      'Filters are mutually exclusive and cannot be used together: filterByName and filterByRecordingConfigurationArn',
    );
  }
  const matching = channelsOfRegion(context).filter(
    ({ channel }) =>
      (filters.name === undefined || (channel.name ?? '').startsWith(filters.name)) &&
      (filters.recordingConfigurationArn === undefined || channel.recordingConfigurationArn === filters.recordingConfigurationArn) &&
      (filters.playbackRestrictionPolicyArn === undefined ||
        channel.playbackRestrictionPolicyArn === filters.playbackRestrictionPolicyArn) &&
      (filters.adConfigurationArn === undefined || channel.adConfigurationArn === filters.adConfigurationArn),
  );
  const page = pageOf(matching, (entry) => entry.channel.arn, {
    operation: 'ListChannels',
    region: context.region,
    scope: filters,
    nextToken: members.nextToken,
    maxResults: members.maxResults,
  });
  return {
    output: { channels: page.items.map(channelSummary), ...(page.nextToken && { nextToken: page.nextToken }) },
    delayMs: 0,
  };
}

/**
 * `hasErrorEvent` ("this stream encountered a quota breach or failure"), decided from the
 * session's truncatedEvents: true when an event carries a `code` (IVS sets codes only on failures,
 * e.g. StreamTakeoverMediaMismatch, InvalidMultitrackInputTrackCount) or its name reports a
 * failure or quota breach (e.g. "Stream Takeover Failure", "Recording Start Failure").
 * Starvation is not an error.
 */
export function hasErrorEvent(session: DemoSession): boolean {
  return (session.truncatedEvents ?? []).some(
    (event) => (event.code !== undefined && event.code !== '') || /failure|quota/i.test(event.name ?? ''),
  );
}

function sessionSummary(session: DemoSession): WireStreamSessionSummary {
  return {
    streamId: session.streamId,
    startTime: session.startTime,
    ...(session.endTime !== undefined && { endTime: session.endTime }),
    hasErrorEvent: hasErrorEvent(session),
  };
}

/** Sorts newest first: descending start time (as fixed-width digits), then stream id. */
function newestFirstKey(session: DemoSession): string {
  const inverted = 10 ** 16 - Date.parse(session.startTime);
  return `${String(inverted).padStart(17, '0')}:${session.streamId}`;
}

function listStreamSessions(input: InputObject, context: OperationContext): OperationResult {
  const { channelArn, nextToken, maxResults } = validateMembers(input, {
    channelArn: CHANNEL_ARN,
    nextToken: PAGINATION_TOKEN,
    maxResults: MAX_RESULTS,
  });
  const channel = requireChannel(context, channelArn);
  const effect = applyFault(channel);
  const page = pageOf(channel.sessions, newestFirstKey, {
    operation: 'ListStreamSessions',
    region: context.region,
    scope: { channelArn },
    nextToken,
    maxResults,
  });
  return {
    output: { streamSessions: page.items.map(sessionSummary), ...(page.nextToken && { nextToken: page.nextToken }) },
    ...effect,
  };
}

/** The live stream of a channel; an existing channel that is not live is ChannelNotBroadcasting. */
function getStream(input: InputObject, context: OperationContext): OperationResult {
  const { channelArn } = validateMembers(input, { channelArn: CHANNEL_ARN });
  const channel = requireChannel(context, channelArn);
  const effect = applyFault(channel);
  const stream = liveStreamOf(channel);
  if (!stream) {
    throw serviceError('ChannelNotBroadcasting', `The stream is offline for the given channel ARN: ${channelArn}`);
  }
  return { output: { stream }, ...effect };
}

/** The region's live streams, optionally of one health, sorted by channel ARN. */
function listStreams(input: InputObject, context: OperationContext): OperationResult {
  const { filterBy, nextToken, maxResults } = validateMembers(input, {
    filterBy: { kind: 'structure', required: false, members: { health: STREAM_HEALTH } },
    nextToken: PAGINATION_TOKEN,
    maxResults: MAX_RESULTS,
  });
  const health = filterBy?.health;
  const streams = channelsOfRegion(context)
    .map(liveStreamOf)
    .filter((stream) => stream !== undefined)
    .filter((stream) => health === undefined || stream.health === health);
  const page = pageOf(streams, (stream) => stream.channelArn, {
    operation: 'ListStreams',
    region: context.region,
    scope: { health: health ?? null },
    nextToken,
    maxResults,
  });
  const summaries = page.items.map(({ channelArn, streamId, state, health: streamHealth, viewerCount, startTime }): WireStreamSummary => ({
    channelArn,
    streamId,
    state,
    health: streamHealth,
    viewerCount,
    startTime,
  }));
  return { output: { streams: summaries, ...(page.nextToken && { nextToken: page.nextToken }) }, delayMs: 0 };
}

function getRecordingConfiguration(input: InputObject, context: OperationContext): OperationResult {
  const { arn } = validateMembers(input, { arn: RECORDING_CONFIGURATION_ARN });
  const recordingConfiguration = arnRegion(arn) === context.region ? findDemoRecordingConfiguration(context.data, arn) : undefined;
  if (!recordingConfiguration) {
    throw serviceError('ResourceNotFoundException', `Recording configuration not found: ${arn}`);
  }
  return { output: { recordingConfiguration }, delayMs: 0 };
}

// ---------------------------------------------------------------------------------------------
// Routes

const post = (name: string, handle: Operation['handle']): Operation => ({ name, method: 'POST', path: `/${name}`, handle });

const OPERATIONS: readonly Operation[] = [
  post('GetStreamSession', getStreamSession),
  post('ListStreamSessions', listStreamSessions),
  post('GetStream', getStream),
  post('ListStreams', listStreams),
  post('GetChannel', getChannel),
  post('BatchGetChannel', batchGetChannel),
  post('ListChannels', listChannels),
  post('GetRecordingConfiguration', getRecordingConfiguration),
];

export function findOperation(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((operation) => operation.method === method && operation.path === path);
}
