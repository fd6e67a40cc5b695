import type * as Ivs from '@aws-sdk/client-ivs';
import type { Logger } from 'pino';
import {
  ChannelLatencyMode,
  ChannelType,
  ContainerFormat,
  MultitrackMaximumResolution,
  MultitrackPolicy,
  RecordingConfigurationState,
  RecordingMode,
  RenditionConfigurationRendition,
  RenditionConfigurationRenditionSelection,
  ThumbnailConfigurationResolution,
  ThumbnailConfigurationStorage,
  StreamHealth,
  StreamState,
  TranscodePreset,
  type RecordingConfiguration,
  type Tag,
} from '../__generated__/resolvers-types.js';
import type { ChannelModel, StreamModel, StreamSessionModel } from './models.js';
import type { Wire } from '../upstream/raw-json.js';

/** Told about each enum value IVS sent that this schema does not know yet (IVS adds values over time). */
export type UnknownEnumReporter = (field: string, value: string) => void;

/** Logs each enum value IVS sent that the schema does not know yet, with where it came from. */
export function enumReporter(logger: Logger, context: Record<string, unknown>): UnknownEnumReporter {
  return (field, value) =>
    logger.warn({ ...context, field, value }, 'IVS sent an enum value this schema does not know yet; serving null for it');
}

/**
 * Maps an SDK value onto the schema's enum. A value the schema does not know yet becomes `null`
 * (reported) so that one field is null and the rest of the session is still served.
 */
function knownEnum<E extends Record<string, string>>(
  values: E,
  value: string | undefined,
  field: string,
  report: UnknownEnumReporter,
): E[keyof E] | null {
  if (value === undefined || value === '') return null;
  if ((Object.values(values) as string[]).includes(value)) return value as E[keyof E];
  report(field, value);
  return null;
}

function knownEnumList<E extends Record<string, string>>(
  values: E,
  list: string[] | undefined,
  field: string,
  report: UnknownEnumReporter,
): Array<E[keyof E] | null> | null {
  return list ? list.map((value) => knownEnum(values, value, field, report)) : null;
}

/**
 * Members the IVS model marks required (the SDK still types them optional). Should IVS ever omit one,
 * GraphQL's non-null check reports it at that field and nulls only the nearest nullable parent, which
 * is what a client should see; failing the whole session in the mapper would hide the rest.
 */
function modelRequired<T>(value: T | undefined): T {
  return value as T;
}

/** IVS uses "" for "no value" on some optional strings (preset, ARNs of optional resources). */
function emptyAsNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** Tag maps become a list sorted by key in code-point order, so the output is stable across calls. */
function toTags(tags: Record<string, string> | undefined): Tag[] | null {
  if (!tags) return null;
  return Object.entries(tags)
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A channel from GetStreamSession or BatchGetChannel (complete), or a ListChannels summary. */
export function toChannelModel(c: Ivs.Channel | Ivs.ChannelSummary, complete: boolean, report: UnknownEnumReporter): ChannelModel {
  const full: Ivs.Channel = c;
  const m = full.multitrackInputConfiguration;
  return {
    complete,
    arn: modelRequired(c.arn),
    name: c.name,
    latencyMode: knownEnum(ChannelLatencyMode, c.latencyMode, 'Channel.latencyMode', report),
    type: knownEnum(ChannelType, c.type, 'Channel.type', report),
    recordingConfigurationArn: emptyAsNull(c.recordingConfigurationArn),
    ingestEndpoint: full.ingestEndpoint,
    playbackUrl: full.playbackUrl,
    authorized: c.authorized,
    tags: toTags(c.tags),
    insecureIngest: c.insecureIngest,
    preset: knownEnum(TranscodePreset, c.preset, 'Channel.preset', report),
    srt: full.srt && { endpoint: full.srt.endpoint, passphrase: full.srt.passphrase },
    playbackRestrictionPolicyArn: emptyAsNull(c.playbackRestrictionPolicyArn),
    multitrackInputConfiguration: m && {
      enabled: m.enabled,
      policy: knownEnum(MultitrackPolicy, m.policy, 'MultitrackInputConfiguration.policy', report),
      maximumResolution: knownEnum(
        MultitrackMaximumResolution,
        m.maximumResolution,
        'MultitrackInputConfiguration.maximumResolution',
        report,
      ),
    },
    containerFormat: knownEnum(ContainerFormat, full.containerFormat, 'Channel.containerFormat', report),
    adConfigurationArn: emptyAsNull(c.adConfigurationArn),
  };
}

export function toRecordingConfiguration(r: Ivs.RecordingConfiguration, report: UnknownEnumReporter): RecordingConfiguration {
  const t = r.thumbnailConfiguration;
  const rc = r.renditionConfiguration;
  return {
    arn: modelRequired(r.arn),
    name: r.name,
    destinationConfiguration: modelRequired(
      r.destinationConfiguration && {
        s3: r.destinationConfiguration.s3 && { bucketName: modelRequired(r.destinationConfiguration.s3.bucketName) },
      },
    ),
    state: knownEnum(RecordingConfigurationState, r.state, 'RecordingConfiguration.state', report),
    tags: toTags(r.tags),
    thumbnailConfiguration: t && {
      recordingMode: knownEnum(RecordingMode, t.recordingMode, 'ThumbnailConfiguration.recordingMode', report),
      targetIntervalSeconds: t.targetIntervalSeconds,
      resolution: knownEnum(ThumbnailConfigurationResolution, t.resolution, 'ThumbnailConfiguration.resolution', report),
      storage: knownEnumList(ThumbnailConfigurationStorage, t.storage, 'ThumbnailConfiguration.storage', report),
    },
    recordingReconnectWindowSeconds: r.recordingReconnectWindowSeconds,
    renditionConfiguration: rc && {
      renditionSelection: knownEnum(
        RenditionConfigurationRenditionSelection,
        rc.renditionSelection,
        'RenditionConfiguration.renditionSelection',
        report,
      ),
      renditions: knownEnumList(RenditionConfigurationRendition, rc.renditions, 'RenditionConfiguration.renditions', report),
    },
  };
}

/**
 * The session as IVS returned it, with `channelArn` (the ARN that was asked for) added. Ingest
 * configurations and events have the same shape in the SDK and the schema and pass through as they are.
 */
export function toStreamSessionModel(
  channelArn: string,
  s: Ivs.StreamSession | Wire<Ivs.StreamSession>,
  report: UnknownEnumReporter,
): StreamSessionModel {
  return {
    complete: true,
    channelArn,
    streamId: modelRequired(s.streamId),
    startTime: s.startTime,
    endTime: s.endTime,
    channel: s.channel && toChannelModel(s.channel, true, report),
    ingestConfiguration: s.ingestConfiguration,
    ingestConfigurations: s.ingestConfigurations && {
      videoConfigurations: s.ingestConfigurations.videoConfigurations ?? [],
      audioConfigurations: s.ingestConfigurations.audioConfigurations ?? [],
    },
    recordingConfiguration: s.recordingConfiguration && toRecordingConfiguration(s.recordingConfiguration, report),
    truncatedEvents: s.truncatedEvents,
  };
}

export function toStreamSessionSummaryModel(channelArn: string, s: Ivs.StreamSessionSummary): StreamSessionModel {
  return {
    complete: false,
    channelArn,
    streamId: modelRequired(s.streamId),
    startTime: s.startTime,
    endTime: s.endTime,
    hasErrorEvent: s.hasErrorEvent,
  };
}

/** A live stream from GetStream (complete) or a ListStreams summary (no playbackUrl). */
export function toStreamModel(s: Ivs._Stream | Ivs.StreamSummary, complete: boolean, report: UnknownEnumReporter): StreamModel {
  return {
    complete,
    channelArn: modelRequired(s.channelArn),
    streamId: s.streamId,
    playbackUrl: (s as Ivs._Stream).playbackUrl,
    startTime: s.startTime,
    state: knownEnum(StreamState, s.state, 'Stream.state', report),
    health: knownEnum(StreamHealth, s.health, 'Stream.health', report),
    viewerCount: s.viewerCount,
  };
}
