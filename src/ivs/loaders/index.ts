import type { RecordingConfiguration, StreamHealth } from '../../__generated__/resolvers-types.js';
import type { ChannelArn } from '../../kernel/arn.js';
import type { ChannelModel, StreamModel, StreamSessionModel } from '../models.js';
import type { Page, PageRequest } from '../pagination.js';
import { createChannelLoader } from './channel.js';
import type { IvsDeps } from './deps.js';
import { createChannelPageLoader, createStreamPageLoader, createStreamSessionPageLoader, type ChannelFilters } from './pages.js';
import { createRecordingConfigurationLoader } from './recording-configuration.js';
import { createStreamLoader } from './stream.js';
import { createStreamSessionLoader, type StreamSessionKey } from './stream-session.js';

export type { IvsDeps } from './deps.js';

/** What resolvers may do with a loader (a DataLoader is one): load a key, or several with per-key errors. */
export interface Loader<K, V> {
  load(key: K): Promise<V>;
  loadMany(keys: ArrayLike<K>): Promise<Array<V | Error>>;
}

/**
 * Every loader a request uses. Each is authorized by its own entry in `guardLoaders`
 * (src/auth/access.ts), typed by this interface, so a loader added here fails to compile until it
 * says which AWS account its keys are about.
 */
export interface Loaders {
  streamSession: Loader<StreamSessionKey, StreamSessionModel>;
  channel: Loader<ChannelArn, ChannelModel>;
  stream: Loader<ChannelArn, StreamModel | null>;
  /** Keyed by the recording configuration's ARN. */
  recordingConfiguration: Loader<string, RecordingConfiguration>;
  streamSessionPage: Loader<PageRequest & { channel: ChannelArn }, Page<StreamSessionModel>>;
  channelPage: Loader<PageRequest & { filters: ChannelFilters }, Page<ChannelModel>>;
  streamPage: Loader<PageRequest & { health: StreamHealth | null }, Page<StreamModel>>;
}

/** Built per request so no cache outlives it. */
export function createLoaders(deps: IvsDeps): Loaders {
  return {
    streamSession: createStreamSessionLoader(deps),
    channel: createChannelLoader(deps),
    stream: createStreamLoader(deps),
    recordingConfiguration: createRecordingConfigurationLoader(deps),
    streamSessionPage: createStreamSessionPageLoader(deps),
    channelPage: createChannelPageLoader(deps),
    streamPage: createStreamPageLoader(deps),
  };
}
