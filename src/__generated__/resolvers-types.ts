import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { StreamSessionModel, ChannelModel, StreamModel } from '../ivs/models.js';
import type { Context } from '../graphql/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An RFC 3339 date-time in UTC with millisecond precision, for example `2026-11-02T18:04:05.000Z`.
   * IVS returns its timestamps as ISO 8601 strings; the gateway normalises them to UTC.
   */
  DateTime: { input: Date; output: Date | string; }
  /**
   * An integer between -(2^53 - 1) and 2^53 - 1. IVS types bitrates, framerates, video sizes, sample
   * rates and channel counts as 64-bit `long`; values above 2^31 are served exactly, which GraphQL's
   * 32-bit `Int` could not do.
   */
  SafeInt: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * Object specifying a stream's audio configuration, as set up by the broadcaster (usually in an encoder).
 * This is part of the IngestConfigurations object and the deprecated IngestConfiguration object. It is used
 * for monitoring stream health.
 */
export type AudioConfiguration = {
  __typename?: 'AudioConfiguration';
  /** Number of audio channels. */
  channels?: Maybe<Scalars['SafeInt']['output']>;
  /** Codec used for the audio encoding. */
  codec?: Maybe<Scalars['String']['output']>;
  /** Number of audio samples recorded per second. */
  sampleRate?: Maybe<Scalars['SafeInt']['output']>;
  /** The expected ingest bitrate (bits per second). This is configured in the encoder. */
  targetBitrate?: Maybe<Scalars['SafeInt']['output']>;
  /** Name of the audio track (if the stream has an audio track). If multitrack is not enabled, this is track0 (the sole track). */
  track?: Maybe<Scalars['String']['output']>;
};

/**
 * Object specifying a channel.
 *
 * A federation entity keyed by `arn`: any subgraph can reference a channel by its ARN, and the router
 * fetches it here (one `BatchGetChannel` per region per 50 references).
 */
export type Channel = {
  __typename?: 'Channel';
  /** Ad configuration ARN: the ad configuration used for server-side ad insertion on this channel. An empty string from IVS (no ad configuration) is served as `null`. */
  adConfigurationArn?: Maybe<Scalars['String']['output']>;
  /** Channel ARN. Always present: it is the entity key. */
  arn: Scalars['ID']['output'];
  /** Whether the channel is private (enabled for playback authorization). Default: false. */
  authorized?: Maybe<Scalars['Boolean']['output']>;
  /** Indicates which content-packaging format is used (MPEG-TS or fMP4). If multitrackInputConfiguration is specified and enabled is true, then containerFormat is required and must be set to FRAGMENTED_MP4. Otherwise, containerFormat may be set to TS or FRAGMENTED_MP4. Default: TS. Cost weight 1: on a channel from `channels` (a summary) this is fetched with `BatchGetChannel`, one call per 50 channels. */
  containerFormat?: Maybe<ContainerFormat>;
  /** Channel ingest endpoint, part of the definition of an ingest server, used when you set up streaming software. Cost weight 1: on a channel from `channels` (a summary) this is fetched with `BatchGetChannel`, one call per 50 channels. */
  ingestEndpoint?: Maybe<Scalars['String']['output']>;
  /** Whether the channel allows insecure RTMP ingest. Default: false. */
  insecureIngest?: Maybe<Scalars['Boolean']['output']>;
  /** Channel latency mode. Use NORMAL to broadcast and deliver live video up to Full HD. Use LOW for near-real-time interaction with viewers. Default: LOW. */
  latencyMode?: Maybe<ChannelLatencyMode>;
  /** The channel's most recent stream session (IVS `GetStreamSession` without a `streamId`), or `null` with `NOT_FOUND` if it never went live. Cost weight 10: one IVS call. */
  latestStreamSession?: Maybe<StreamSession>;
  /** Object specifying multitrack input configuration. Default: no multitrack input configuration is specified. Cost weight 1: on a channel from `channels` (a summary) this is fetched with `BatchGetChannel`, one call per 50 channels. */
  multitrackInputConfiguration?: Maybe<MultitrackInputConfiguration>;
  /** Channel name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Playback-restriction-policy ARN. A valid ARN value here both specifies the ARN and enables playback restriction. IVS's default, the empty string (no playback restriction policy is applied), is served as `null`. */
  playbackRestrictionPolicyArn?: Maybe<Scalars['String']['output']>;
  /** Channel playback URL. Cost weight 1: on a channel from `channels` (a summary) this is fetched with `BatchGetChannel`, one call per 50 channels. */
  playbackUrl?: Maybe<Scalars['String']['output']>;
  /** Optional transcode preset for the channel. This is selectable only for ADVANCED_HD and ADVANCED_SD channel types. For those channel types, the default preset is HIGHER_BANDWIDTH_DELIVERY. For other channel types (BASIC and STANDARD), IVS returns the empty string, served here as `null`. */
  preset?: Maybe<TranscodePreset>;
  /** The recording configuration the channel uses now (IVS `GetRecordingConfiguration`, de-duplicated); `null` when recording is disabled. Cost weight 10: one IVS call. */
  recordingConfiguration?: Maybe<RecordingConfiguration>;
  /** Recording-configuration ARN. A valid ARN value here both specifies the ARN and enables recording. IVS's default, the empty string (recording is disabled), is served as `null`. */
  recordingConfigurationArn?: Maybe<Scalars['String']['output']>;
  /** Specifies the endpoint and optional passphrase for streaming with the SRT protocol. Cost weight 1: on a channel from `channels` (a summary) this is fetched with `BatchGetChannel`, one call per 50 channels. */
  srt?: Maybe<Srt>;
  /** The channel's live stream (IVS `GetStream`); `null`, without an error, when the channel is offline (IVS `ChannelNotBroadcasting`). Cost weight 10: one IVS call. */
  stream?: Maybe<Stream>;
  /**
   * The channel's stream sessions, newest first (IVS `ListStreamSessions`). Each node carries the summary
   * (`streamId`, `startTime`, `endTime`, `hasErrorEvent`); selecting any other session field fetches that
   * session with `GetStreamSession` (de-duplicated, within the per-region concurrency cap).
   *
   * Cost weight 10: one `ListStreamSessions` call per page; a router sizes `edges` and `nodes` by `first` (25
   * when it is not given).
   */
  streamSessions: StreamSessionConnection;
  /** Tags attached to the resource, sorted by key. Array of 1-50 maps, each of the form string:string (key:value). See Best practices and strategies in Tagging Amazon Web Services Resources and Tag Editor for details, including restrictions that apply to tags and "Tag naming limits and requirements"; Amazon IVS has no service-specific constraints beyond what is documented there. */
  tags?: Maybe<Array<Tag>>;
  /** Channel type, which determines the allowable resolution and bitrate. If you exceed the allowable input resolution or bitrate, the stream probably will disconnect immediately. Default: STANDARD. For details, see Channel Types. */
  type?: Maybe<ChannelType>;
};


/**
 * Object specifying a channel.
 *
 * A federation entity keyed by `arn`: any subgraph can reference a channel by its ARN, and the router
 * fetches it here (one `BatchGetChannel` per region per 50 references).
 */
export type ChannelStreamSessionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of channels. */
export type ChannelConnection = {
  __typename?: 'ChannelConnection';
  /** The channels of this page with their cursors. */
  edges: Array<ChannelEdge>;
  /** The channels of this page (the `node` of each edge). */
  nodes: Array<Channel>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
};

/** A channel in a page, with its cursor. */
export type ChannelEdge = {
  __typename?: 'ChannelEdge';
  /** Opaque cursor of this channel in the list; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The channel. */
  node: Channel;
};

/**
 * Channel latency mode. A value IVS adds after this schema was written is served as `null` (and logged),
 * never as an error.
 */
export const ChannelLatencyMode = {
  /** Near-real-time interaction with viewers (the default). */
  Low: 'LOW',
  /** Broadcast and deliver live video up to Full HD. */
  Normal: 'NORMAL'
} as const;

export type ChannelLatencyMode = typeof ChannelLatencyMode[keyof typeof ChannelLatencyMode];
/**
 * Channel type, which determines the allowable resolution and bitrate. A value IVS adds after this schema
 * was written is served as `null` (and logged), never as an error.
 */
export const ChannelType = {
  /** Video is transcoded; multiple qualities are generated from the original input, at most 720p (HD). */
  AdvancedHd: 'ADVANCED_HD',
  /** Video is transcoded; multiple qualities are generated from the original input, at most 480p (SD). */
  AdvancedSd: 'ADVANCED_SD',
  /** Delivers the original input to viewers. The viewer's video-quality choice is limited to the original input. Resolution can be up to 1080p and bitrate can be up to 1.5 Mbps for 480p and up to 3.5 Mbps for resolutions between 480p and 1080p. */
  Basic: 'BASIC',
  /** Video is transcoded: multiple qualities are generated from the original input, to automatically give viewers the best experience for their devices and network conditions. Resolution can be up to 1080p and bitrate can be up to 8.5 Mbps. Audio is transcoded only for renditions 360p and below; above that, audio is passed through. This is the default. */
  Standard: 'STANDARD'
} as const;

export type ChannelType = typeof ChannelType[keyof typeof ChannelType];
/** Content-packaging format of the channel. */
export const ContainerFormat = {
  /** Fragmented MP4; required when multitrack input is enabled. */
  FragmentedMp4: 'FRAGMENTED_MP4',
  /** MPEG transport stream (the default). */
  Ts: 'TS'
} as const;

export type ContainerFormat = typeof ContainerFormat[keyof typeof ContainerFormat];
/**
 * A complex type that describes a location where recorded videos will be stored. Each member represents a
 * type of destination configuration. For recording, you define one and only one type of destination
 * configuration.
 */
export type DestinationConfiguration = {
  __typename?: 'DestinationConfiguration';
  /** An S3 destination configuration where recorded videos will be stored. */
  s3?: Maybe<S3DestinationConfiguration>;
};

/**
 * Object specifying the ingest configuration set up by the broadcaster, usually in an encoder.
 *
 * Note: IngestConfiguration is deprecated in favor of IngestConfigurations but retained to ensure backward
 * compatibility. If multitrack is not enabled, IngestConfiguration and IngestConfigurations contain the
 * same data, namely information about track0 (the sole track). If multitrack is enabled,
 * IngestConfiguration contains data for only the first track (track0) and IngestConfigurations contains
 * data for all tracks.
 */
export type IngestConfiguration = {
  __typename?: 'IngestConfiguration';
  /** Encoder settings for audio. */
  audio?: Maybe<AudioConfiguration>;
  /** Encoder settings for video. */
  video?: Maybe<VideoConfiguration>;
};

/**
 * Object specifying the ingest configuration set up by the broadcaster, usually in an encoder. Use
 * IngestConfigurations instead of IngestConfiguration (which is deprecated). If multitrack is enabled,
 * IngestConfigurations contains data for all tracks.
 */
export type IngestConfigurations = {
  __typename?: 'IngestConfigurations';
  /** Encoder settings for audio. */
  audioConfigurations: Array<AudioConfiguration>;
  /** Encoder settings for video. */
  videoConfigurations: Array<VideoConfiguration>;
};

/** A complex type that specifies multitrack input configuration. */
export type MultitrackInputConfiguration = {
  __typename?: 'MultitrackInputConfiguration';
  /** Indicates whether multitrack input is enabled. Can be set to true only if channel type is STANDARD. Setting enabled to true with any other channel type will cause an exception. If true, then policy, maximumResolution, and containerFormat are required, and containerFormat must be set to FRAGMENTED_MP4. Default: false. */
  enabled?: Maybe<Scalars['Boolean']['output']>;
  /** Maximum resolution for multitrack input. Required if enabled is true. */
  maximumResolution?: Maybe<MultitrackMaximumResolution>;
  /** Indicates whether multitrack input is allowed or required. Required if enabled is true. */
  policy?: Maybe<MultitrackPolicy>;
};

/** Maximum resolution for multitrack input. */
export const MultitrackMaximumResolution = {
  /** Full high definition (1080p). */
  FullHd: 'FULL_HD',
  /** High definition (720p). */
  Hd: 'HD',
  /** Standard definition (480p). */
  Sd: 'SD'
} as const;

export type MultitrackMaximumResolution = typeof MultitrackMaximumResolution[keyof typeof MultitrackMaximumResolution];
/** Indicates whether multitrack input is allowed or required. */
export const MultitrackPolicy = {
  /** Multitrack input is allowed: the broadcaster may send one track or several. */
  Allow: 'ALLOW',
  /** Multitrack input is required: single-track broadcasts are refused. */
  Require: 'REQUIRE'
} as const;

export type MultitrackPolicy = typeof MultitrackPolicy[keyof typeof MultitrackPolicy];
/**
 * Relay cursor-connection page information. IVS list operations page forward only (their `nextToken`
 * cannot be walked backwards), so connections take `first`/`after` and offer no `last`/`before`.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge of this page: pass it as `after` to get the next page. Null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page. It may be true when the next page turns out empty (IVS cannot say). */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when `after` was given: items precede this page. IVS cannot page backwards, so it is never computed. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge of this page, or null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Read operations over Amazon IVS stream sessions. */
export type Query = {
  __typename?: 'Query';
  /**
   * The channel as it is now (IVS `BatchGetChannel`). Any number of channels asked for in one operation
   * (aliases, nested fields, connection nodes) cost one `BatchGetChannel` call per region per 50 distinct
   * ARNs. `null` with `NOT_FOUND` when IVS has no such channel.
   *
   * Cost weight 10: one IVS call.
   */
  channel?: Maybe<Channel>;
  /**
   * Channels, as IVS `ListChannels` returns them, newest pages forward only. IVS lists channel summaries:
   * the fields a summary lacks (`ingestEndpoint`, `playbackUrl`, `srt`, `multitrackInputConfiguration`,
   * `containerFormat`) are fetched with `BatchGetChannel`, batched, only when the query selects them.
   * IVS lists are regional: the list walks the regions in `IVS_REGIONS` one after the other, or only the
   * region of the ARN filter given.
   *
   * Cost weight 10: one `ListChannels` call per page; a router sizes `edges` and `nodes` by `first` (25 when
   * it is not given).
   */
  channels: ChannelConnection;
  /**
   * Live streams (IVS `ListStreams`), optionally filtered by health. IVS lists are regional: the list walks
   * the regions in `IVS_REGIONS` one after the other. Each node carries IVS's stream summary; `playbackUrl`
   * is fetched with `GetStream` only when selected.
   *
   * Cost weight 10: one `ListStreams` call per page; a router sizes `edges` and `nodes` by `first` (25 when
   * it is not given).
   */
  liveStreams: StreamConnection;
  /**
   * Gets metadata on a specified stream (IVS `GetStreamSession`).
   *
   * Without `streamId` this returns the most recent stream session for the channel, if it exists.
   * Returns `null` with a `NOT_FOUND` error when IVS has no such channel or session.
   * Errors carry `extensions.code`: `BAD_USER_INPUT` (an argument does not have the form IVS requires;
   * IVS is not called), `NOT_FOUND`, `FORBIDDEN`, `THROTTLED` (the IVS call-rate quota of 5 per second
   * per account and region was still exceeded after retries) and `UPSTREAM_ERROR` (IVS failed or did
   * not answer in time).
   *
   * Cost weight 10: one IVS call.
   */
  streamSession?: Maybe<StreamSession>;
};


/** Read operations over Amazon IVS stream sessions. */
export type QueryChannelArgs = {
  arn: Scalars['ID']['input'];
};


/** Read operations over Amazon IVS stream sessions. */
export type QueryChannelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filterByName?: InputMaybe<Scalars['String']['input']>;
  filterByPlaybackRestrictionPolicyArn?: InputMaybe<Scalars['ID']['input']>;
  filterByRecordingConfigurationArn?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Read operations over Amazon IVS stream sessions. */
export type QueryLiveStreamsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  health?: InputMaybe<StreamHealth>;
};


/** Read operations over Amazon IVS stream sessions. */
export type QueryStreamSessionArgs = {
  channelArn: Scalars['ID']['input'];
  streamId?: InputMaybe<Scalars['ID']['input']>;
};

/** An object representing a configuration to record a channel stream. */
export type RecordingConfiguration = {
  __typename?: 'RecordingConfiguration';
  /** Recording-configuration ARN. */
  arn: Scalars['ID']['output'];
  /** A complex type that contains information about where recorded video will be stored. */
  destinationConfiguration: DestinationConfiguration;
  /** Recording-configuration name. The value does not need to be unique. */
  name?: Maybe<Scalars['String']['output']>;
  /** If a broadcast disconnects and then reconnects within the specified interval, the multiple streams will be considered a single broadcast and merged together. Default: 0. */
  recordingReconnectWindowSeconds?: Maybe<Scalars['Int']['output']>;
  /** Object that describes which renditions should be recorded for a stream. */
  renditionConfiguration?: Maybe<RenditionConfiguration>;
  /**
   * Indicates the current state of the recording configuration. When the state is ACTIVE, the
   * configuration is ready for recording a channel stream. Required by IVS, but nullable here so that a
   * state IVS adds later is served as `null` (and logged) instead of failing the session.
   */
  state?: Maybe<RecordingConfigurationState>;
  /** Tags attached to the resource, sorted by key. Array of 1-50 maps, each of the form string:string (key:value). */
  tags?: Maybe<Array<Tag>>;
  /** A complex type that allows you to enable/disable the recording of thumbnails for a live session and modify the interval at which thumbnails are generated for the live session. */
  thumbnailConfiguration?: Maybe<ThumbnailConfiguration>;
};

/** Indicates the current state of the recording configuration. */
export const RecordingConfigurationState = {
  /** The configuration is ready for recording a channel stream. */
  Active: 'ACTIVE',
  /** Creating the recording configuration failed; it cannot record. */
  CreateFailed: 'CREATE_FAILED',
  /** The recording configuration is being created. */
  Creating: 'CREATING'
} as const;

export type RecordingConfigurationState = typeof RecordingConfigurationState[keyof typeof RecordingConfigurationState];
/** Thumbnail recording mode. */
export const RecordingMode = {
  /** Thumbnails are not recorded. */
  Disabled: 'DISABLED',
  /** Thumbnails are recorded every targetIntervalSeconds (the default). */
  Interval: 'INTERVAL'
} as const;

export type RecordingMode = typeof RecordingMode[keyof typeof RecordingMode];
/** Object that describes which renditions should be recorded for a stream. */
export type RenditionConfiguration = {
  __typename?: 'RenditionConfiguration';
  /** Indicates which set of renditions are recorded for a stream. For BASIC channels, the CUSTOM value has no effect. If CUSTOM is specified, a set of renditions must be specified in the renditions field. Default: ALL. */
  renditionSelection?: Maybe<RenditionConfigurationRenditionSelection>;
  /**
   * Indicates which renditions are recorded for a stream, if renditionSelection is CUSTOM; otherwise, this
   * field is irrelevant. The selected renditions are recorded if they are available during the stream. If a
   * selected rendition is unavailable, the best available rendition is recorded.
   * An entry IVS adds after this schema was written is served as `null` in its place (and logged).
   */
  renditions?: Maybe<Array<Maybe<RenditionConfigurationRendition>>>;
};

/** A rendition to record. For the resolution dimensions of each rendition, see Auto-Record to Amazon S3. */
export const RenditionConfigurationRendition = {
  /** Full high definition (1080p). */
  FullHd: 'FULL_HD',
  /** High definition (720p). */
  Hd: 'HD',
  /** The lowest resolution rendition available. */
  LowestResolution: 'LOWEST_RESOLUTION',
  /** Standard definition (480p). */
  Sd: 'SD'
} as const;

export type RenditionConfigurationRendition = typeof RenditionConfigurationRendition[keyof typeof RenditionConfigurationRendition];
/** Which set of renditions are recorded for a stream. */
export const RenditionConfigurationRenditionSelection = {
  /** All renditions are recorded (the default). */
  All: 'ALL',
  /** The renditions listed in renditions are recorded. */
  Custom: 'CUSTOM',
  /** No renditions are recorded. */
  None: 'NONE'
} as const;

export type RenditionConfigurationRenditionSelection = typeof RenditionConfigurationRenditionSelection[keyof typeof RenditionConfigurationRenditionSelection];
/** A complex type that describes an S3 location where recorded videos will be stored. */
export type S3DestinationConfiguration = {
  __typename?: 'S3DestinationConfiguration';
  /** Location (S3 bucket name) where recorded videos will be stored. */
  bucketName: Scalars['String']['output'];
};

/** Specifies information needed to stream using the SRT protocol. */
export type Srt = {
  __typename?: 'Srt';
  /** The endpoint to be used when streaming with IVS using the SRT protocol. */
  endpoint?: Maybe<Scalars['String']['output']>;
  /**
   * Auto-generated passphrase to enable encryption. This field is applicable only if the end user has not
   * enabled the insecureIngest option for the channel.
   *
   * This is a stream secret: whoever holds it can broadcast on the channel. Served only to API keys and
   * tokens granted the `ingest:secrets` scope; anyone else gets `null` with a `FORBIDDEN` error at this path.
   * Tagged `internal` so a public supergraph contract can leave it out.
   */
  passphrase?: Maybe<Scalars['String']['output']>;
};

/**
 * Specifies a live video stream that has been ingested and distributed.
 *
 * A federation entity keyed by `channelArn`: a reference resolves to the channel's live stream, or to
 * `null` when the channel is offline.
 */
export type Stream = {
  __typename?: 'Stream';
  /** The channel of this stream as it is now (batched with every other channel of the operation). Not an IVS `Stream` member. Cost weight 1: one `BatchGetChannel` call serves 50 channels. */
  channel?: Maybe<Channel>;
  /** Channel ARN for the stream. Always present: it is the entity key. */
  channelArn: Scalars['ID']['output'];
  /** The stream's health. */
  health?: Maybe<StreamHealth>;
  /** URL of the master playlist, required by the video player to play the HLS stream. Cost weight 10: on a stream from `liveStreams` or a subscription (a summary) this costs a `GetStream` call. */
  playbackUrl?: Maybe<Scalars['String']['output']>;
  /** Time of the stream's start. This is an ISO 8601 timestamp; note that this is returned as a string. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /** The stream's state. Do not rely on the OFFLINE state, as the API may not return it; instead, a "NotBroadcasting" error will indicate that the stream is not live. */
  state?: Maybe<StreamState>;
  /** Unique identifier for a live or previously live stream in the specified channel. */
  streamId?: Maybe<Scalars['ID']['output']>;
  /** A count of concurrent views of the stream. Typically, a new view appears in viewerCount within 15 seconds of when video playback starts and a view is removed from viewerCount within 1 minute of when video playback ends. A value of -1 indicates a request timeout; in this case, retry. */
  viewerCount?: Maybe<Scalars['SafeInt']['output']>;
};

/** What changed about a channel's live stream. */
export const StreamChangeKind = {
  /** The first message of a subscription: the state as it is now. */
  Current: 'CURRENT',
  /** The stream's health changed. */
  HealthChanged: 'HEALTH_CHANGED',
  /** The viewer count moved by at least the threshold since the count last reported. */
  ViewerCountChanged: 'VIEWER_COUNT_CHANGED',
  /** The channel went live (or started a new stream). */
  WentLive: 'WENT_LIVE',
  /** The channel went offline. */
  WentOffline: 'WENT_OFFLINE'
} as const;

export type StreamChangeKind = typeof StreamChangeKind[keyof typeof StreamChangeKind];
/** A page of live streams. */
export type StreamConnection = {
  __typename?: 'StreamConnection';
  /** The streams of this page with their cursors. */
  edges: Array<StreamEdge>;
  /** The streams of this page (the `node` of each edge). */
  nodes: Array<Stream>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
};

/** A live stream in a page, with its cursor. */
export type StreamEdge = {
  __typename?: 'StreamEdge';
  /** Opaque cursor of this stream in the list; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The live stream. */
  node: Stream;
};

/** Object specifying a stream's events. For a list of events, see Using Amazon EventBridge with Amazon IVS. */
export type StreamEvent = {
  __typename?: 'StreamEvent';
  /**
   * Provides additional details about the stream event. There are several values; the long descriptions
   * are provided in the IVS console but not delivered through the IVS API or EventBridge.
   * Multitrack-related codes are used only for certain Session Ended events: `MultitrackInputNotAllowed`,
   * `MultitrackInputRequired`, `InvalidGetClientConfigurationStreamKey`,
   * `GetClientConfigurationStreamKeyRequired`, `InvalidMultitrackInputTrackCount`,
   * `InvalidMultitrackInputVideoTrackMediaProperties`, `StreamTakeoverMediaMismatch`,
   * `StreamTakeoverInvalidPriority`, `StreamTakeoverLimitBreached`. A string, not an enum, because IVS
   * documents it as an open set.
   */
  code?: Maybe<Scalars['String']['output']>;
  /** Time when the event occurred. This is an ISO 8601 timestamp; note that this is returned as a string. */
  eventTime?: Maybe<Scalars['DateTime']['output']>;
  /** Name that identifies the stream event within a type. */
  name?: Maybe<Scalars['String']['output']>;
  /** Logical group for certain events. */
  type?: Maybe<Scalars['String']['output']>;
};

/** The stream's health. */
export const StreamHealth = {
  /** The stream is healthy. */
  Healthy: 'HEALTHY',
  /** The stream is starving: IVS is receiving less data than expected. */
  Starving: 'STARVING',
  /** The stream's health is not known. */
  Unknown: 'UNKNOWN'
} as const;

export type StreamHealth = typeof StreamHealth[keyof typeof StreamHealth];
/**
 * Object that captures the Amazon IVS configuration that the customer provisioned, the ingest
 * configurations that the broadcaster used, and the most recent Amazon IVS stream events it encountered.
 *
 * A federation entity keyed by `channelArn streamId`: the router fetches referenced sessions here, one
 * `GetStreamSession` per distinct session.
 */
export type StreamSession = {
  __typename?: 'StreamSession';
  /** The properties of the channel at the time of going live. Cost weight 10: on a session from `Channel.streamSessions` (a summary) this costs a `GetStreamSession`. */
  channel?: Maybe<Channel>;
  /**
   * ARN of the channel this session was asked for. Not an IVS `StreamSession` member: the gateway adds it
   * so that a session can be identified on its own (`channelArn` and `streamId` together).
   */
  channelArn: Scalars['ID']['output'];
  /** Time when the channel went offline. This is an ISO 8601 timestamp; note that this is returned as a string. For live streams, this is NULL. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /**
   * If true, this stream encountered a quota breach or failure. From IVS `ListStreamSessions`' summary, so
   * served for sessions reached through `Channel.streamSessions`; `null` elsewhere (`GetStreamSession`
   * does not return it).
   */
  hasErrorEvent?: Maybe<Scalars['Boolean']['output']>;
  /**
   * The properties of the incoming RTMP stream.
   *
   * Note: `ingestConfiguration` is deprecated in favor of `ingestConfigurations` but retained to ensure
   * backward compatibility. If multitrack is not enabled, `ingestConfiguration` and `ingestConfigurations`
   * contain the same data, namely information about track0 (the sole track). If multitrack is enabled,
   * `ingestConfiguration` contains data for only the first track (track0) and `ingestConfigurations`
   * contains data for all tracks.
   *
   * Cost weight 10: on a session from `Channel.streamSessions` (a summary) this costs a `GetStreamSession`.
   * @deprecated IVS deprecated ingestConfiguration in favor of ingestConfigurations, which contains data for all tracks.
   */
  ingestConfiguration?: Maybe<IngestConfiguration>;
  /** The properties of the incoming RTMP stream. If multitrack is enabled, ingestConfigurations contains data for all tracks; otherwise, it contains data only for track0 (the sole track). Cost weight 10: on a session from `Channel.streamSessions` (a summary) this costs a `GetStreamSession`. */
  ingestConfigurations?: Maybe<IngestConfigurations>;
  /** The properties of recording the live stream. Cost weight 10: on a session from `Channel.streamSessions` (a summary) this costs a `GetStreamSession`. */
  recordingConfiguration?: Maybe<RecordingConfiguration>;
  /** Time when the channel went live. This is an ISO 8601 timestamp; note that this is returned as a string. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /** Unique identifier for a live or previously live stream in the specified channel. Always present: it is part of the entity key. */
  streamId: Scalars['ID']['output'];
  /** List of Amazon IVS events that the stream encountered. The list is sorted by most recent events and contains up to 500 events. For Amazon IVS events, see Using Amazon EventBridge with Amazon IVS. */
  truncatedEvents?: Maybe<Array<StreamEvent>>;
};

/** A page of stream sessions. */
export type StreamSessionConnection = {
  __typename?: 'StreamSessionConnection';
  /** The sessions of this page with their cursors. */
  edges: Array<StreamSessionEdge>;
  /** The sessions of this page (the `node` of each edge). */
  nodes: Array<StreamSession>;
  /** Where this page sits in the list. */
  pageInfo: PageInfo;
};

/** A stream session in a page, with its cursor. */
export type StreamSessionEdge = {
  __typename?: 'StreamSessionEdge';
  /** Opaque cursor of this session in the list; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The stream session. */
  node: StreamSession;
};

/** The stream's state. */
export const StreamState = {
  /** The stream is live. */
  Live: 'LIVE',
  /** The stream is offline. Do not rely on it: IVS reports an offline channel with a ChannelNotBroadcasting error instead. */
  Offline: 'OFFLINE'
} as const;

export type StreamState = typeof StreamState[keyof typeof StreamState];
/** A change of one channel's live stream. */
export type StreamUpdate = {
  __typename?: 'StreamUpdate';
  /** What changed since the previous message; `CURRENT` on the first message. */
  changes: Array<StreamChangeKind>;
  /** The channel this update is about. */
  channelArn: Scalars['ID']['output'];
  /** The live stream now, or `null` when the channel is offline. */
  stream?: Maybe<Stream>;
};

/**
 * Live updates, fed by one shared `ListStreams` poller per region (every `LIVE_POLL_INTERVAL_MS`,
 * default 2 s) however many subscribers there are. Served over GraphQL over WebSocket (`graphql-ws`
 * protocol, same port and path as HTTP: `ws://<host>/graphql`) and over Server-Sent Events
 * (`graphql-sse` protocol, same URL with `Accept: text/event-stream`). The first message is the current state; later messages come
 * only on change.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The set of live streams, optionally filtered by health, sent whole whenever it or one of its streams
   * changes (viewer counts past the threshold). Without `region`, the streams of every region in
   * `IVS_REGIONS`.
   */
  liveStreamsChanged: Array<Stream>;
  /**
   * The channel's live stream: going live or offline, health changes, and viewer-count changes of at least
   * `LIVE_VIEWER_COUNT_THRESHOLD` viewers (default 10) since the count last reported.
   */
  streamChanged: StreamUpdate;
};


/**
 * Live updates, fed by one shared `ListStreams` poller per region (every `LIVE_POLL_INTERVAL_MS`,
 * default 2 s) however many subscribers there are. Served over GraphQL over WebSocket (`graphql-ws`
 * protocol, same port and path as HTTP: `ws://<host>/graphql`) and over Server-Sent Events
 * (`graphql-sse` protocol, same URL with `Accept: text/event-stream`). The first message is the current state; later messages come
 * only on change.
 */
export type SubscriptionLiveStreamsChangedArgs = {
  health?: InputMaybe<StreamHealth>;
  region?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Live updates, fed by one shared `ListStreams` poller per region (every `LIVE_POLL_INTERVAL_MS`,
 * default 2 s) however many subscribers there are. Served over GraphQL over WebSocket (`graphql-ws`
 * protocol, same port and path as HTTP: `ws://<host>/graphql`) and over Server-Sent Events
 * (`graphql-sse` protocol, same URL with `Accept: text/event-stream`). The first message is the current state; later messages come
 * only on change.
 */
export type SubscriptionStreamChangedArgs = {
  channelArn: Scalars['ID']['input'];
};

/**
 * One tag attached to an IVS resource. IVS returns tags as a map of string to string; the gateway
 * serves them as a list sorted by `key` (code-point order), with any Unicode intact. See "Best practices
 * and strategies" in Tagging Amazon Web Services Resources and Tag Editor for the naming limits.
 */
export type Tag = {
  __typename?: 'Tag';
  /** Tag key (1-128 characters). */
  key: Scalars['String']['output'];
  /** Tag value (0-256 characters). */
  value: Scalars['String']['output'];
};

/** An object representing a configuration of thumbnails for recorded video. */
export type ThumbnailConfiguration = {
  __typename?: 'ThumbnailConfiguration';
  /** Thumbnail recording mode. Default: INTERVAL. */
  recordingMode?: Maybe<RecordingMode>;
  /** Indicates the desired resolution of recorded thumbnails. Thumbnails are recorded at the selected resolution if the corresponding rendition is available during the stream; otherwise, they are recorded at source resolution. Default: Null (source resolution is returned). */
  resolution?: Maybe<ThumbnailConfigurationResolution>;
  /**
   * Indicates the format in which thumbnails are recorded. SEQUENTIAL records all generated thumbnails in
   * a serial manner, to the media/thumbnails directory. LATEST saves the latest thumbnail in
   * media/latest_thumbnail/thumb.jpg and overwrites it at the interval specified by
   * targetIntervalSeconds. You can enable both SEQUENTIAL and LATEST. Default: SEQUENTIAL.
   * An entry IVS adds after this schema was written is served as `null` in its place (and logged).
   */
  storage?: Maybe<Array<Maybe<ThumbnailConfigurationStorage>>>;
  /**
   * The targeted thumbnail-generation interval in seconds. This is configurable (and required) only if
   * recordingMode is INTERVAL. Default: 60.
   *
   * Important: For the BASIC channel type, or the STANDARD channel type with multitrack input, setting a
   * value for targetIntervalSeconds does not guarantee that thumbnails are generated at the specified
   * interval. For thumbnails to be generated at the targetIntervalSeconds interval, the IDR/Keyframe value
   * for the input video must be less than the targetIntervalSeconds value.
   */
  targetIntervalSeconds?: Maybe<Scalars['SafeInt']['output']>;
};

/** Resolution of recorded thumbnails. For the dimensions of each, see Auto-Record to Amazon S3. */
export const ThumbnailConfigurationResolution = {
  /** Full high definition (1080p). */
  FullHd: 'FULL_HD',
  /** High definition (720p). */
  Hd: 'HD',
  /** The lowest resolution rendition available. */
  LowestResolution: 'LOWEST_RESOLUTION',
  /** Standard definition (480p). */
  Sd: 'SD'
} as const;

export type ThumbnailConfigurationResolution = typeof ThumbnailConfigurationResolution[keyof typeof ThumbnailConfigurationResolution];
/** Format in which thumbnails are recorded. */
export const ThumbnailConfigurationStorage = {
  /** The latest thumbnail is saved in media/latest_thumbnail/thumb.jpg and overwritten at every interval. */
  Latest: 'LATEST',
  /** All generated thumbnails are recorded in a serial manner, to the media/thumbnails directory (the default). */
  Sequential: 'SEQUENTIAL'
} as const;

export type ThumbnailConfigurationStorage = typeof ThumbnailConfigurationStorage[keyof typeof ThumbnailConfigurationStorage];
/**
 * Transcode preset, selectable only for ADVANCED_HD and ADVANCED_SD channels. For BASIC and STANDARD
 * channels IVS returns the empty string, which the gateway serves as `null`.
 */
export const TranscodePreset = {
  /** Uses a lower bitrate than HIGHER_BANDWIDTH_DELIVERY, for viewers on constrained networks. */
  ConstrainedBandwidthDelivery: 'CONSTRAINED_BANDWIDTH_DELIVERY',
  /** Gives viewers the best experience when their bandwidth is high (the default for advanced channels). */
  HigherBandwidthDelivery: 'HIGHER_BANDWIDTH_DELIVERY'
} as const;

export type TranscodePreset = typeof TranscodePreset[keyof typeof TranscodePreset];
/**
 * Object specifying a stream's video configuration, as set up by the broadcaster (usually in an encoder).
 * This is part of the IngestConfigurations object and the deprecated IngestConfiguration object. It is used
 * for monitoring stream health.
 */
export type VideoConfiguration = {
  __typename?: 'VideoConfiguration';
  /** Indicates the degree of required decoder performance for a profile. Normally this is set automatically by the encoder. For details, see the H.264 specification. */
  avcLevel?: Maybe<Scalars['String']['output']>;
  /** Indicates to the decoder the requirements for decoding the stream. For definitions of the valid values, see the H.264 specification. */
  avcProfile?: Maybe<Scalars['String']['output']>;
  /** Codec used for the video encoding. */
  codec?: Maybe<Scalars['String']['output']>;
  /** Software or hardware used to encode the video. */
  encoder?: Maybe<Scalars['String']['output']>;
  /** Indicates the degree of required decoder performance for a profile. Normally this is set automatically by the encoder. When an AVC codec is used, this field has the same value as avcLevel. */
  level?: Maybe<Scalars['String']['output']>;
  /** Indicates to the decoder the requirements for decoding the stream. When an AVC codec is used, this field has the same value as avcProfile. */
  profile?: Maybe<Scalars['String']['output']>;
  /** The expected ingest bitrate (bits per second). This is configured in the encoder. */
  targetBitrate?: Maybe<Scalars['SafeInt']['output']>;
  /** The expected ingest framerate. This is configured in the encoder. */
  targetFramerate?: Maybe<Scalars['SafeInt']['output']>;
  /** Name of the video track. If multitrack is not enabled, this is track0 (the sole track). */
  track?: Maybe<Scalars['String']['output']>;
  /** Video-resolution height in pixels. */
  videoHeight?: Maybe<Scalars['SafeInt']['output']>;
  /** Video-resolution width in pixels. */
  videoWidth?: Maybe<Scalars['SafeInt']['output']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Channel: Channel;
  Stream: Stream;
  StreamSession: StreamSession;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Channel:
    ( { __typename: 'Channel' }
    & GraphQLRecursivePick<FederationTypes['Channel'], {"arn":true}> );
  Stream:
    ( { __typename: 'Stream' }
    & GraphQLRecursivePick<FederationTypes['Stream'], {"channelArn":true}> );
  StreamSession:
    ( { __typename: 'StreamSession' }
    & GraphQLRecursivePick<FederationTypes['StreamSession'], {"channelArn":true,"streamId":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AudioConfiguration: ResolverTypeWrapper<AudioConfiguration>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Channel: ResolverTypeWrapper<ChannelModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ChannelConnection: ResolverTypeWrapper<Omit<ChannelConnection, 'edges' | 'nodes'> & { edges: Array<ResolversTypes['ChannelEdge']>, nodes: Array<ResolversTypes['Channel']> }>;
  ChannelEdge: ResolverTypeWrapper<Omit<ChannelEdge, 'node'> & { node: ResolversTypes['Channel'] }>;
  ChannelLatencyMode: ChannelLatencyMode;
  ChannelType: ChannelType;
  ContainerFormat: ContainerFormat;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DestinationConfiguration: ResolverTypeWrapper<DestinationConfiguration>;
  IngestConfiguration: ResolverTypeWrapper<IngestConfiguration>;
  IngestConfigurations: ResolverTypeWrapper<IngestConfigurations>;
  MultitrackInputConfiguration: ResolverTypeWrapper<MultitrackInputConfiguration>;
  MultitrackMaximumResolution: MultitrackMaximumResolution;
  MultitrackPolicy: MultitrackPolicy;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordingConfiguration: ResolverTypeWrapper<RecordingConfiguration>;
  RecordingConfigurationState: RecordingConfigurationState;
  RecordingMode: RecordingMode;
  RenditionConfiguration: ResolverTypeWrapper<RenditionConfiguration>;
  RenditionConfigurationRendition: RenditionConfigurationRendition;
  RenditionConfigurationRenditionSelection: RenditionConfigurationRenditionSelection;
  S3DestinationConfiguration: ResolverTypeWrapper<S3DestinationConfiguration>;
  SafeInt: ResolverTypeWrapper<Scalars['SafeInt']['output']>;
  Srt: ResolverTypeWrapper<Srt>;
  Stream: ResolverTypeWrapper<StreamModel>;
  StreamChangeKind: StreamChangeKind;
  StreamConnection: ResolverTypeWrapper<Omit<StreamConnection, 'edges' | 'nodes'> & { edges: Array<ResolversTypes['StreamEdge']>, nodes: Array<ResolversTypes['Stream']> }>;
  StreamEdge: ResolverTypeWrapper<Omit<StreamEdge, 'node'> & { node: ResolversTypes['Stream'] }>;
  StreamEvent: ResolverTypeWrapper<StreamEvent>;
  StreamHealth: StreamHealth;
  StreamSession: ResolverTypeWrapper<StreamSessionModel>;
  StreamSessionConnection: ResolverTypeWrapper<Omit<StreamSessionConnection, 'edges' | 'nodes'> & { edges: Array<ResolversTypes['StreamSessionEdge']>, nodes: Array<ResolversTypes['StreamSession']> }>;
  StreamSessionEdge: ResolverTypeWrapper<Omit<StreamSessionEdge, 'node'> & { node: ResolversTypes['StreamSession'] }>;
  StreamState: StreamState;
  StreamUpdate: ResolverTypeWrapper<Omit<StreamUpdate, 'stream'> & { stream?: Maybe<ResolversTypes['Stream']> }>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tag: ResolverTypeWrapper<Tag>;
  ThumbnailConfiguration: ResolverTypeWrapper<ThumbnailConfiguration>;
  ThumbnailConfigurationResolution: ThumbnailConfigurationResolution;
  ThumbnailConfigurationStorage: ThumbnailConfigurationStorage;
  TranscodePreset: TranscodePreset;
  VideoConfiguration: ResolverTypeWrapper<VideoConfiguration>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AudioConfiguration: AudioConfiguration;
  String: Scalars['String']['output'];
  Channel: ChannelModel;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  ChannelConnection: Omit<ChannelConnection, 'edges' | 'nodes'> & { edges: Array<ResolversParentTypes['ChannelEdge']>, nodes: Array<ResolversParentTypes['Channel']> };
  ChannelEdge: Omit<ChannelEdge, 'node'> & { node: ResolversParentTypes['Channel'] };
  DateTime: Scalars['DateTime']['output'];
  DestinationConfiguration: DestinationConfiguration;
  IngestConfiguration: IngestConfiguration;
  IngestConfigurations: IngestConfigurations;
  MultitrackInputConfiguration: MultitrackInputConfiguration;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RecordingConfiguration: RecordingConfiguration;
  RenditionConfiguration: RenditionConfiguration;
  S3DestinationConfiguration: S3DestinationConfiguration;
  SafeInt: Scalars['SafeInt']['output'];
  Srt: Srt;
  Stream: StreamModel;
  StreamConnection: Omit<StreamConnection, 'edges' | 'nodes'> & { edges: Array<ResolversParentTypes['StreamEdge']>, nodes: Array<ResolversParentTypes['Stream']> };
  StreamEdge: Omit<StreamEdge, 'node'> & { node: ResolversParentTypes['Stream'] };
  StreamEvent: StreamEvent;
  StreamSession: StreamSessionModel;
  StreamSessionConnection: Omit<StreamSessionConnection, 'edges' | 'nodes'> & { edges: Array<ResolversParentTypes['StreamSessionEdge']>, nodes: Array<ResolversParentTypes['StreamSession']> };
  StreamSessionEdge: Omit<StreamSessionEdge, 'node'> & { node: ResolversParentTypes['StreamSession'] };
  StreamUpdate: Omit<StreamUpdate, 'stream'> & { stream?: Maybe<ResolversParentTypes['Stream']> };
  Subscription: Record<PropertyKey, never>;
  Tag: Tag;
  ThumbnailConfiguration: ThumbnailConfiguration;
  VideoConfiguration: VideoConfiguration;
}>;

export type AudioConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AudioConfiguration'] = ResolversParentTypes['AudioConfiguration']> = ResolversObject<{
  channels?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  codec?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sampleRate?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  targetBitrate?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  track?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ChannelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Channel'] = ResolversParentTypes['Channel'], FederationReferenceType extends FederationReferenceTypes['Channel'] = FederationReferenceTypes['Channel']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Channel']> | FederationReferenceType, FederationReferenceType, ContextType>;
  adConfigurationArn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  arn?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  authorized?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  containerFormat?: Resolver<Maybe<ResolversTypes['ContainerFormat']>, ParentType, ContextType>;
  ingestEndpoint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  insecureIngest?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  latencyMode?: Resolver<Maybe<ResolversTypes['ChannelLatencyMode']>, ParentType, ContextType>;
  latestStreamSession?: Resolver<Maybe<ResolversTypes['StreamSession']>, ParentType, ContextType>;
  multitrackInputConfiguration?: Resolver<Maybe<ResolversTypes['MultitrackInputConfiguration']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  playbackRestrictionPolicyArn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  playbackUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  preset?: Resolver<Maybe<ResolversTypes['TranscodePreset']>, ParentType, ContextType>;
  recordingConfiguration?: Resolver<Maybe<ResolversTypes['RecordingConfiguration']>, ParentType, ContextType>;
  recordingConfigurationArn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  srt?: Resolver<Maybe<ResolversTypes['Srt']>, ParentType, ContextType>;
  stream?: Resolver<Maybe<ResolversTypes['Stream']>, ParentType, ContextType>;
  streamSessions?: Resolver<ResolversTypes['StreamSessionConnection'], ParentType, ContextType, RequireFields<ChannelStreamSessionsArgs, 'first'>>;
  tags?: Resolver<Maybe<Array<ResolversTypes['Tag']>>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['ChannelType']>, ParentType, ContextType>;
}>;

export type ChannelConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ChannelConnection'] = ResolversParentTypes['ChannelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ChannelEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Channel']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ChannelEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ChannelEdge'] = ResolversParentTypes['ChannelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Channel'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DestinationConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DestinationConfiguration'] = ResolversParentTypes['DestinationConfiguration']> = ResolversObject<{
  s3?: Resolver<Maybe<ResolversTypes['S3DestinationConfiguration']>, ParentType, ContextType>;
}>;

export type IngestConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IngestConfiguration'] = ResolversParentTypes['IngestConfiguration']> = ResolversObject<{
  audio?: Resolver<Maybe<ResolversTypes['AudioConfiguration']>, ParentType, ContextType>;
  video?: Resolver<Maybe<ResolversTypes['VideoConfiguration']>, ParentType, ContextType>;
}>;

export type IngestConfigurationsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['IngestConfigurations'] = ResolversParentTypes['IngestConfigurations']> = ResolversObject<{
  audioConfigurations?: Resolver<Array<ResolversTypes['AudioConfiguration']>, ParentType, ContextType>;
  videoConfigurations?: Resolver<Array<ResolversTypes['VideoConfiguration']>, ParentType, ContextType>;
}>;

export type MultitrackInputConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MultitrackInputConfiguration'] = ResolversParentTypes['MultitrackInputConfiguration']> = ResolversObject<{
  enabled?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  maximumResolution?: Resolver<Maybe<ResolversTypes['MultitrackMaximumResolution']>, ParentType, ContextType>;
  policy?: Resolver<Maybe<ResolversTypes['MultitrackPolicy']>, ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType, RequireFields<QueryChannelArgs, 'arn'>>;
  channels?: Resolver<ResolversTypes['ChannelConnection'], ParentType, ContextType, RequireFields<QueryChannelsArgs, 'first'>>;
  liveStreams?: Resolver<ResolversTypes['StreamConnection'], ParentType, ContextType, RequireFields<QueryLiveStreamsArgs, 'first'>>;
  streamSession?: Resolver<Maybe<ResolversTypes['StreamSession']>, ParentType, ContextType, RequireFields<QueryStreamSessionArgs, 'channelArn'>>;
}>;

export type RecordingConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RecordingConfiguration'] = ResolversParentTypes['RecordingConfiguration']> = ResolversObject<{
  arn?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  destinationConfiguration?: Resolver<ResolversTypes['DestinationConfiguration'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recordingReconnectWindowSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  renditionConfiguration?: Resolver<Maybe<ResolversTypes['RenditionConfiguration']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['RecordingConfigurationState']>, ParentType, ContextType>;
  tags?: Resolver<Maybe<Array<ResolversTypes['Tag']>>, ParentType, ContextType>;
  thumbnailConfiguration?: Resolver<Maybe<ResolversTypes['ThumbnailConfiguration']>, ParentType, ContextType>;
}>;

export type RenditionConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RenditionConfiguration'] = ResolversParentTypes['RenditionConfiguration']> = ResolversObject<{
  renditionSelection?: Resolver<Maybe<ResolversTypes['RenditionConfigurationRenditionSelection']>, ParentType, ContextType>;
  renditions?: Resolver<Maybe<Array<Maybe<ResolversTypes['RenditionConfigurationRendition']>>>, ParentType, ContextType>;
}>;

export type S3DestinationConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['S3DestinationConfiguration'] = ResolversParentTypes['S3DestinationConfiguration']> = ResolversObject<{
  bucketName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface SafeIntScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['SafeInt'], any> {
  name: 'SafeInt';
}

export type SrtResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Srt'] = ResolversParentTypes['Srt']> = ResolversObject<{
  endpoint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  passphrase?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type StreamResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Stream'] = ResolversParentTypes['Stream'], FederationReferenceType extends FederationReferenceTypes['Stream'] = FederationReferenceTypes['Stream']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Stream']> | FederationReferenceType, FederationReferenceType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  channelArn?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  health?: Resolver<Maybe<ResolversTypes['StreamHealth']>, ParentType, ContextType>;
  playbackUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['StreamState']>, ParentType, ContextType>;
  streamId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  viewerCount?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
}>;

export type StreamConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamConnection'] = ResolversParentTypes['StreamConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['StreamEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Stream']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type StreamEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamEdge'] = ResolversParentTypes['StreamEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Stream'], ParentType, ContextType>;
}>;

export type StreamEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamEvent'] = ResolversParentTypes['StreamEvent']> = ResolversObject<{
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  eventTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type StreamSessionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamSession'] = ResolversParentTypes['StreamSession'], FederationReferenceType extends FederationReferenceTypes['StreamSession'] = FederationReferenceTypes['StreamSession']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StreamSession']> | FederationReferenceType, FederationReferenceType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  channelArn?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  hasErrorEvent?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  ingestConfiguration?: Resolver<Maybe<ResolversTypes['IngestConfiguration']>, ParentType, ContextType>;
  ingestConfigurations?: Resolver<Maybe<ResolversTypes['IngestConfigurations']>, ParentType, ContextType>;
  recordingConfiguration?: Resolver<Maybe<ResolversTypes['RecordingConfiguration']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  streamId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  truncatedEvents?: Resolver<Maybe<Array<ResolversTypes['StreamEvent']>>, ParentType, ContextType>;
}>;

export type StreamSessionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamSessionConnection'] = ResolversParentTypes['StreamSessionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['StreamSessionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['StreamSession']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type StreamSessionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamSessionEdge'] = ResolversParentTypes['StreamSessionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StreamSession'], ParentType, ContextType>;
}>;

export type StreamUpdateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StreamUpdate'] = ResolversParentTypes['StreamUpdate']> = ResolversObject<{
  changes?: Resolver<Array<ResolversTypes['StreamChangeKind']>, ParentType, ContextType>;
  channelArn?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  stream?: Resolver<Maybe<ResolversTypes['Stream']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  liveStreamsChanged?: SubscriptionResolver<Array<ResolversTypes['Stream']>, "liveStreamsChanged", ParentType, ContextType, Partial<SubscriptionLiveStreamsChangedArgs>>;
  streamChanged?: SubscriptionResolver<ResolversTypes['StreamUpdate'], "streamChanged", ParentType, ContextType, RequireFields<SubscriptionStreamChangedArgs, 'channelArn'>>;
}>;

export type TagResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ThumbnailConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ThumbnailConfiguration'] = ResolversParentTypes['ThumbnailConfiguration']> = ResolversObject<{
  recordingMode?: Resolver<Maybe<ResolversTypes['RecordingMode']>, ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['ThumbnailConfigurationResolution']>, ParentType, ContextType>;
  storage?: Resolver<Maybe<Array<Maybe<ResolversTypes['ThumbnailConfigurationStorage']>>>, ParentType, ContextType>;
  targetIntervalSeconds?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
}>;

export type VideoConfigurationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['VideoConfiguration'] = ResolversParentTypes['VideoConfiguration']> = ResolversObject<{
  avcLevel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  avcProfile?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  codec?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  encoder?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  level?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  profile?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetBitrate?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  targetFramerate?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  track?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  videoHeight?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
  videoWidth?: Resolver<Maybe<ResolversTypes['SafeInt']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  AudioConfiguration?: AudioConfigurationResolvers<ContextType>;
  Channel?: ChannelResolvers<ContextType>;
  ChannelConnection?: ChannelConnectionResolvers<ContextType>;
  ChannelEdge?: ChannelEdgeResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DestinationConfiguration?: DestinationConfigurationResolvers<ContextType>;
  IngestConfiguration?: IngestConfigurationResolvers<ContextType>;
  IngestConfigurations?: IngestConfigurationsResolvers<ContextType>;
  MultitrackInputConfiguration?: MultitrackInputConfigurationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordingConfiguration?: RecordingConfigurationResolvers<ContextType>;
  RenditionConfiguration?: RenditionConfigurationResolvers<ContextType>;
  S3DestinationConfiguration?: S3DestinationConfigurationResolvers<ContextType>;
  SafeInt?: GraphQLScalarType;
  Srt?: SrtResolvers<ContextType>;
  Stream?: StreamResolvers<ContextType>;
  StreamConnection?: StreamConnectionResolvers<ContextType>;
  StreamEdge?: StreamEdgeResolvers<ContextType>;
  StreamEvent?: StreamEventResolvers<ContextType>;
  StreamSession?: StreamSessionResolvers<ContextType>;
  StreamSessionConnection?: StreamSessionConnectionResolvers<ContextType>;
  StreamSessionEdge?: StreamSessionEdgeResolvers<ContextType>;
  StreamUpdate?: StreamUpdateResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  ThumbnailConfiguration?: ThumbnailConfigurationResolvers<ContextType>;
  VideoConfiguration?: VideoConfigurationResolvers<ContextType>;
}>;

