import type { IvsDeps } from './call.js';
import { createChannelLoader } from './channel-loader.js';
import { createChannelPageLoader, createStreamPageLoader, createStreamSessionPageLoader } from './list-loaders.js';
import { createRecordingConfigurationLoader } from './recording-configuration-loader.js';
import { createStreamLoader } from './stream-loader.js';
import { createStreamSessionLoader } from './stream-session-loader.js';

/** Every loader a request uses; built per request so no cache outlives it. */
export function createLoaders(deps: IvsDeps) {
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

export type Loaders = ReturnType<typeof createLoaders>;
