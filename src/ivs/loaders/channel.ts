import { BatchGetChannelCommand } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import { cachedBatch } from '../../cache/cached-call.js';
import { channelLacksSecrets, channelWithoutSecrets } from '../secrets.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import type { ChannelArn } from '../../kernel/arn.js';
import { callIvs, enumReporter, type IvsDeps } from '../../upstream/call.js';
import { batchItemError } from '../../upstream/errors.js';
import { toChannelModel } from '../mappers.js';
import type { ChannelModel } from '../models.js';

const BATCH_GET_CHANNEL_MAX_ARNS = 50;

/**
 * Every channel asked for in one operation goes out in BatchGetChannel calls of up to 50 distinct
 * ARNs per region (the operation is regional). A failure IVS reports for one ARN inside its 200
 * answer fails that channel only; a failed call fails the channels it carried.
 */
export function createChannelLoader(deps: IvsDeps): DataLoader<ChannelArn, ChannelModel, string> {
  return new DataLoader<ChannelArn, ChannelModel, string>(
    async (keys) => {
      const byRegion = Map.groupBy(keys, (key) => key.region);
      const results = new Map<string, ChannelModel | Error>();
      // Channels can change: each is cached for CACHE_TTL_SECONDS on its own, and only the ARNs neither
      // cached nor already being fetched by another request go to IVS (src/cache/cached-call.ts).
      await Promise.all(
        [...byRegion].map(async ([region, regionKeys]) => {
          const channels = await cachedBatch(deps, {
            operation: 'BatchGetChannel',
            keys: regionKeys.map((k) => k.arn),
            freshness: () => 'mutable',
            forShared: channelWithoutSecrets,
            partial: channelLacksSecrets,
            fetchMany: async (arns) => {
              const fetched = new Map<string, ChannelModel | Error>();
              await Promise.all(chunk(arns, BATCH_GET_CHANNEL_MAX_ARNS).map((batch) => batchGetChannels(deps, region, batch, fetched)));
              for (const arn of arns) {
                if (!fetched.has(arn)) fetched.set(arn, gatewayError(ErrorCode.NOT_FOUND, `IVS returned neither the channel nor an error for ${arn}.`));
              }
              return fetched;
            },
          });
          for (const [arn, channel] of channels) results.set(arn, channel);
        }),
      );
      return keys.map(
        (key) => results.get(key.arn) ?? gatewayError(ErrorCode.NOT_FOUND, `IVS returned neither the channel nor an error for ${key.arn}.`),
      );
    },
    { cacheKeyFn: (key) => key.arn, maxBatchSize: Number.POSITIVE_INFINITY },
  );
}

async function batchGetChannels(deps: IvsDeps, region: string, arns: string[], results: Map<string, ChannelModel | Error>): Promise<void> {
  try {
    const output = await callIvs(
      deps,
      region,
      'BatchGetChannel',
      (client, abortSignal) => client.send(new BatchGetChannelCommand({ arns }), { abortSignal }),
      // The quota is per account: a batch is for the account of its ARNs.
      { accountId: /^arn:aws:ivs:[a-z0-9-]+:([0-9]+):/.exec(arns[0] ?? '')?.[1] ?? 'default', channels: arns.length },
    );
    for (const channel of output.channels ?? []) {
      if (channel.arn) results.set(channel.arn, toChannelModel(channel, true, enumReporter(deps.logger, { channelArn: channel.arn })));
    }
    for (const error of output.errors ?? []) {
      if (!error.arn) continue;
      // IVS's own text may name the gateway's IAM principal: the log keeps it, the client gets batchItemError's.
      deps.logger.debug({ channelArn: error.arn, region, ivs: { operation: 'BatchGetChannel', ivsErrorType: error.code, message: error.message } }, 'IVS BatchGetChannel item failed');
      results.set(error.arn, batchItemError(error.code, error.message, error.arn));
    }
  } catch (error) {
    for (const arn of arns) results.set(arn, error as Error);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
