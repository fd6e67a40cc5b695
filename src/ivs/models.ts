import type { Channel, Stream, StreamSession } from '../__generated__/resolvers-types.js';

/**
 * IVS list operations return summaries: a model made from one is `complete: false`, and the fields a
 * summary lacks are fetched (through the loaders) only when a query selects them.
 */
interface Completeness {
  complete: boolean;
}

type Fields<T> = Omit<T, '__typename'>;

/** Relationship fields the gateway resolves itself; models never carry them. */
type ChannelRelations = 'streamSessions' | 'latestStreamSession' | 'stream' | 'recordingConfiguration';

export type ChannelModel = Omit<Fields<Channel>, ChannelRelations | 'arn'> & Completeness & { arn: string };

/**
 * A stream session as the gateway holds it, plus the key that IVS's own StreamSession lacks:
 * `channelArn` is the ARN that was asked for, so a session stays identifiable without its `channel`.
 */
export type StreamSessionModel = Omit<Fields<StreamSession>, 'channelArn' | 'channel' | 'streamId'> &
  Completeness & {
    channelArn: string;
    streamId: string;
    channel?: ChannelModel | null;
  };

export type StreamModel = Omit<Fields<Stream>, 'channel' | 'channelArn'> & Completeness & { channelArn: string };

/** The fields of a model that only a complete object has. */
export const CHANNEL_DETAIL_FIELDS = ['ingestEndpoint', 'playbackUrl', 'srt', 'multitrackInputConfiguration', 'containerFormat'] as const;
export const SESSION_DETAIL_FIELDS = [
  'channel',
  'ingestConfiguration',
  'ingestConfigurations',
  'recordingConfiguration',
  'truncatedEvents',
] as const;
