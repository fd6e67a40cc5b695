import type { CacheLayer } from '../../cache/cached-call.js';
import type { RequestCachePolicy } from '../../cache/policy.js';
import type { CallScope, UpstreamDeps } from '../../upstream/call.js';

/** What one request's loaders need: the process-wide upstream and cache, and the request's own scope and cache policy. */
export interface IvsDeps {
  upstream: UpstreamDeps;
  cache: CacheLayer;
  /** The request's IVS call budget and deadline. */
  scope: CallScope;
  /** How long the response may be cached, noted by every value served. */
  policy: RequestCachePolicy;
}
