import { createChannelLoader } from './channel.js';
import type { IvsDeps } from './deps.js';
import { createChannelPageLoader, createStreamPageLoader, createStreamSessionPageLoader } from './pages.js';
import { createRecordingConfigurationLoader } from './recording-configuration.js';
import { createStreamLoader } from './stream.js';
import { createStreamSessionLoader } from './stream-session.js';

export type { IvsDeps } from './deps.js';

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
