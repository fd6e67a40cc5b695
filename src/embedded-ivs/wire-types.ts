/**
 * JSON shapes of IVS responses (GetStreamSession, GetChannel, BatchGetChannel, ListChannels,
 * ListStreamSessions, GetStream, ListStreams, GetRecordingConfiguration) exactly as they travel on
 * the wire (restJson1).
 *
 * The embedded IVS keeps its own copy of these shapes instead of importing the SDK's or the
 * gateway's types: sharing nothing but the wire protocol is what lets it catch gateway bugs.
 *
 * Enum-valued members are typed as plain strings on purpose: IVS may send values this project
 * does not know yet, and the demo data deliberately includes some.
 * Timestamps are RFC 3339 strings (`2026-11-02T18:04:05.000Z`), absent members are simply absent.
 */

export type WireTimestamp = string;
export type WireTags = Record<string, string>;

export interface WireSrt {
  endpoint?: string;
  passphrase?: string;
}

export interface WireMultitrackInputConfiguration {
  enabled?: boolean;
  policy?: string;
  maximumResolution?: string;
}

export interface WireChannel {
  arn?: string;
  name?: string;
  latencyMode?: string;
  type?: string;
  recordingConfigurationArn?: string;
  ingestEndpoint?: string;
  playbackUrl?: string;
  authorized?: boolean;
  tags?: WireTags;
  insecureIngest?: boolean;
  preset?: string;
  srt?: WireSrt;
  playbackRestrictionPolicyArn?: string;
  multitrackInputConfiguration?: WireMultitrackInputConfiguration;
  containerFormat?: string;
  adConfigurationArn?: string;
}

export interface WireVideoConfiguration {
  avcProfile?: string;
  avcLevel?: string;
  codec?: string;
  encoder?: string;
  targetBitrate?: number;
  targetFramerate?: number;
  videoHeight?: number;
  videoWidth?: number;
  level?: string;
  profile?: string;
  track?: string;
}

export interface WireAudioConfiguration {
  codec?: string;
  targetBitrate?: number;
  sampleRate?: number;
  channels?: number;
  track?: string;
}

export interface WireIngestConfiguration {
  video?: WireVideoConfiguration;
  audio?: WireAudioConfiguration;
}

export interface WireIngestConfigurations {
  videoConfigurations: WireVideoConfiguration[];
  audioConfigurations: WireAudioConfiguration[];
}

export interface WireThumbnailConfiguration {
  recordingMode?: string;
  targetIntervalSeconds?: number;
  resolution?: string;
  storage?: string[];
}

export interface WireRenditionConfiguration {
  renditionSelection?: string;
  renditions?: string[];
}

export interface WireRecordingConfiguration {
  arn: string;
  name?: string;
  destinationConfiguration: { s3?: { bucketName: string } };
  state: string;
  tags?: WireTags;
  thumbnailConfiguration?: WireThumbnailConfiguration;
  recordingReconnectWindowSeconds?: number;
  renditionConfiguration?: WireRenditionConfiguration;
}

export interface WireStreamEvent {
  name?: string;
  type?: string;
  eventTime?: WireTimestamp;
  code?: string;
}

export interface WireStreamSession {
  streamId?: string;
  startTime?: WireTimestamp;
  endTime?: WireTimestamp;
  channel?: WireChannel;
  ingestConfiguration?: WireIngestConfiguration;
  ingestConfigurations?: WireIngestConfigurations;
  recordingConfiguration?: WireRecordingConfiguration;
  truncatedEvents?: WireStreamEvent[];
}

/** ListChannels item: a Channel without ingestEndpoint, playbackUrl, srt, multitrack and container format. */
export interface WireChannelSummary {
  arn?: string;
  name?: string;
  latencyMode?: string;
  authorized?: boolean;
  recordingConfigurationArn?: string;
  tags?: WireTags;
  insecureIngest?: boolean;
  type?: string;
  preset?: string;
  playbackRestrictionPolicyArn?: string;
  adConfigurationArn?: string;
}

/** ListStreamSessions item. */
export interface WireStreamSessionSummary {
  streamId?: string;
  startTime?: WireTimestamp;
  /** Absent while the session is live. */
  endTime?: WireTimestamp;
  hasErrorEvent?: boolean;
}

/** GetStream output: the live stream of a channel. */
export interface WireStream {
  channelArn?: string;
  streamId?: string;
  playbackUrl?: string;
  startTime?: WireTimestamp;
  /** LIVE or OFFLINE (IVS answers ChannelNotBroadcasting rather than OFFLINE). */
  state?: string;
  /** HEALTHY, STARVING or UNKNOWN. */
  health?: string;
  /** Smithy long; -1 means IVS timed out counting. */
  viewerCount?: number;
}

/** ListStreams item. */
export interface WireStreamSummary {
  channelArn?: string;
  streamId?: string;
  state?: string;
  health?: string;
  viewerCount?: number;
  startTime?: WireTimestamp;
}

/** A per-ARN failure inside a 200 BatchGetChannel response: `message`, not `exceptionMessage`. */
export interface WireBatchError {
  arn?: string;
  code?: string;
  message?: string;
}

/** Error shapes the IVS model declares (each carries only `exceptionMessage`). */
export type IvsErrorCode =
  | 'AccessDeniedException'
  | 'ChannelNotBroadcasting'
  | 'ConflictException'
  | 'InternalServerException'
  | 'PendingVerification'
  | 'ResourceNotFoundException'
  | 'ServiceQuotaExceededException'
  | 'ServiceUnavailable'
  | 'StreamUnavailable'
  | 'ThrottlingException'
  | 'ValidationException';
