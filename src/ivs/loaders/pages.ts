import { ListChannelsCommand, ListStreamSessionsCommand, ListStreamsCommand } from '@aws-sdk/client-ivs';
import type DataLoader from 'dataloader';
import type { StreamHealth } from '../../__generated__/resolvers-types.js';
import type { ChannelArn } from '../../kernel/arn.js';
import type { IvsOperation } from '../../kernel/ivs-operations.js';
import { cachedIvs } from '../../cache/cached-call.js';
import { callIvs, CREDENTIALS_ACCOUNT, UNBOUNDED, type CallScope, type UpstreamDeps } from '../../upstream/call.js';
import { enumReporter, toChannelModel, toStreamModel, toStreamSessionSummaryModel } from '../mappers.js';
import type { ChannelModel, StreamModel, StreamSessionModel } from '../models.js';
import type { Page, PageRequest } from '../pagination.js';
import type { IvsDeps } from './deps.js';
import { perKeyLoader } from './per-key.js';

export interface ChannelFilters {
  filterByName?: string;
  filterByRecordingConfigurationArn?: string;
  filterByPlaybackRestrictionPolicyArn?: string;
}

/**
 * The same page asked for twice in one operation (aliases, repeated nodes) is one IVS call; across
 * requests, pages are cached for CACHE_TTL_SECONDS (lists change) and shared while in flight.
 */
function pageLoader<K, T>(deps: IvsDeps, operation: IvsOperation, fetch: (key: K) => Promise<Page<T>>): DataLoader<K, Page<T>, string> {
  const load = (key: K) =>
    cachedIvs(deps, { operation, key: JSON.stringify(key), freshness: () => 'mutable', fetch: async () => ({ value: await fetch(key) }) });
  return perKeyLoader(load, (key) => JSON.stringify(key));
}

const pageParams = ({ nextToken, maxResults }: PageRequest) => ({ maxResults, ...(nextToken ? { nextToken } : {}) });

export function createStreamSessionPageLoader(deps: IvsDeps) {
  return pageLoader(
    deps,
    'ListStreamSessions',
    async ({ channel, ...request }: PageRequest & { channel: ChannelArn }): Promise<Page<StreamSessionModel>> => {
      const output = await callIvs(
        deps.upstream,
        deps.scope,
        { region: channel.region, account: channel.accountId, operation: 'ListStreamSessions', resource: channel.arn },
        (client, abortSignal) =>
          client.send(new ListStreamSessionsCommand({ channelArn: channel.arn, ...pageParams(request) }), { abortSignal }),
        { channelArn: channel.arn },
      );
      return {
        items: (output.streamSessions ?? []).map((s) => toStreamSessionSummaryModel(channel.arn, s)),
        nextToken: output.nextToken || null,
      };
    },
  );
}

export function createChannelPageLoader(deps: IvsDeps) {
  return pageLoader(
    deps,
    'ListChannels',
    async ({ filters, ...request }: PageRequest & { filters: ChannelFilters }): Promise<Page<ChannelModel>> => {
      // A regional list, not about one account's resource: charged to the credentials' own account.
      const output = await callIvs(
        deps.upstream,
        deps.scope,
        { region: request.region, account: CREDENTIALS_ACCOUNT, operation: 'ListChannels' },
        (client, abortSignal) => client.send(new ListChannelsCommand({ ...filters, ...pageParams(request) }), { abortSignal }),
      );
      const report = enumReporter(deps.upstream.logger, { operation: 'ListChannels' });
      return { items: (output.channels ?? []).map((c) => toChannelModel(c, false, report)), nextToken: output.nextToken || null };
    },
  );
}

async function fetchStreamPage(
  upstream: UpstreamDeps,
  scope: CallScope,
  { health, ...request }: PageRequest & { health: StreamHealth | null },
): Promise<Page<StreamModel>> {
  // A regional list, not about one account's resource: charged to the credentials' own account.
  const output = await callIvs(
    upstream,
    scope,
    { region: request.region, account: CREDENTIALS_ACCOUNT, operation: 'ListStreams' },
    (client, abortSignal) =>
      client.send(new ListStreamsCommand({ ...(health ? { filterBy: { health } } : {}), ...pageParams(request) }), { abortSignal }),
  );
  const report = enumReporter(upstream.logger, { operation: 'ListStreams' });
  return { items: (output.streams ?? []).map((s) => toStreamModel(s, false, report)), nextToken: output.nextToken || null };
}

export function createStreamPageLoader(deps: IvsDeps) {
  return pageLoader(deps, 'ListStreams', (request: PageRequest & { health: StreamHealth | null }) =>
    fetchStreamPage(deps.upstream, deps.scope, request),
  );
}

// IVS's largest ListStreams page; a region with more live streams than this costs one call per 100.
const LIST_STREAMS_MAX_RESULTS = 100;

/** Every live stream of a region, all pages, uncached: what the live pollers (src/live/) diff; no request's budget or deadline. */
export async function listAllLiveStreams(upstream: UpstreamDeps, region: string): Promise<StreamModel[]> {
  const streams: StreamModel[] = [];
  let nextToken: string | null = null;
  do {
    const page: Page<StreamModel> = await fetchStreamPage(upstream, UNBOUNDED, {
      region,
      nextToken,
      maxResults: LIST_STREAMS_MAX_RESULTS,
      health: null,
    });
    streams.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return streams;
}
