import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { RequestCachePolicy } from '../cache/policy.js';
import type { Loaders } from '../ivs/loaders/index.js';
import type { LiveHub } from '../live/hub.js';
import type { IvsCallBudget } from '../upstream/budget.js';

/** What every resolver receives (codegen's contextType): per-request loaders over the shared services. */
export interface Context {
  loaders: Loaders;
  /** IVS regions that region-less lists (channels, liveStreams) walk, in order. */
  regions: readonly string[];
  /** The only regions a caller may name (IVS_ALLOWED_REGIONS). */
  allowedRegions: readonly string[];
  logger: Logger;
  /** Who is asking (src/auth/): scopes and AWS accounts; the loaders already enforce them. */
  principal: Principal;
  /** Upstream IVS calls this operation has made, and may still make (IVS_CALL_BUDGET). */
  budget: IvsCallBudget;
  /** How long this response may be cached, from the data served (src/cache/policy.ts). */
  cachePolicy: RequestCachePolicy;
  /** Subscriptions: the shared hub, and how far a subscriber may fall behind before it is dropped. */
  live: { hub: LiveHub; maxBuffered: number };
}
