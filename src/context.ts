import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { IvsClientOptions } from './ivs/clients.js';
import { IvsClients } from './ivs/clients.js';
import { RegionLimiter } from './ivs/region-limiter.js';
import type { IvsDeps } from './ivs/call.js';
import { createLoaders, type Loaders } from './ivs/loaders.js';

/** Process-wide singletons, built once at start-up and shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  ivs: IvsDeps;
}

/** What every resolver receives: per-request loaders over the shared services. */
export interface Context {
  loaders: Loaders;
  /** IVS regions that region-less lists (channels, liveStreams) walk, in order. */
  regions: readonly string[];
  exposeSrtPassphrase: boolean;
  logger: Logger;
}

export function createServices(config: Config, logger: Logger, upstream: Pick<IvsClientOptions, 'endpoint' | 'credentials'>): Services {
  return {
    config,
    logger,
    ivs: {
      clients: new IvsClients({ ...upstream, timeoutMs: config.ivs.timeoutMs, maxAttempts: config.ivs.maxAttempts }),
      limiter: new RegionLimiter(config.ivs.maxConcurrencyPerRegion),
      logger,
      timeoutMs: config.ivs.timeoutMs,
    },
  };
}

/** Loaders are per request: their cache must never serve one caller's results to another. */
export function createContext(services: Services): Context {
  return {
    loaders: createLoaders(services.ivs),
    regions: services.config.ivs.regions,
    exposeSrtPassphrase: services.config.exposeSrtPassphrase,
    logger: services.logger,
  };
}
