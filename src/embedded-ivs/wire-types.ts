/**
 * JSON shapes of IVS GetStreamSession responses exactly as they travel on the wire (restJson1).
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
