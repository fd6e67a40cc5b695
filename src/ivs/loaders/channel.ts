import { BatchGetChannelCommand } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import { cachedBatch } from '../../cache/cached-call.js';
import { channelLacksSecrets, channelWithoutSecrets } from '../secrets.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import type { ChannelArn } from '../../kernel/arn.js';
import { callIvs } from '../../upstream/call.js';
import { batchItemError } from '../../upstream/errors.js';
import { enumReporter, toChannelModel } from '../mappers.js';
import type { ChannelModel } from '../models.js';
import type { IvsDeps } from './deps.js';

const BATCH_GET_CHANNEL_MAX_ARNS = 50;

/**
 * Every channel asked for in one operation goes out in BatchGetChannel calls of up to 50 distinct
 * ARNs per region and account (the operation is regional, and each call is charged to the quota of
 * the account its channels belong to). A failure IVS reports for one ARN inside its 200
 * answer fails that channel only; a failed call fails the channels it carried.
 */
export function createChannelLoader(deps: IvsDeps): DataLoader<ChannelArn, ChannelModel, string> {
  return new DataLoader<ChannelArn, ChannelModel, string>(
    async (keys) => {
      const byRegionAndAccount = Map.groupBy(keys, (key) => `${key.region}\u0000${key.accountId}`);
      const results = new Map<string, ChannelModel | Error>();
      // Channels can change: each is cached for CACHE_TTL_SECONDS on its own, and only the ARNs neither
      // cached nor already being fetched by another request go to IVS (src/cache/cached-call.ts).
      await Promise.all(
        [...byRegionAndAccount.values()].map(async (groupKeys) => {
          const { region, accountId } = groupKeys[0]!;
          const channels = await cachedBatch(deps, {
            operation: 'BatchGetChannel',
            keys: groupKeys.map((k) => k.arn),
            freshness: () => 'mutable',
            forShared: channelWithoutSecrets,
            partial: channelLacksSecrets,
            fetchMany: async (arns) => {
              const fetched = new Map<string, ChannelModel | Error>();
              await Promise.all(
                chunk(arns, BATCH_GET_CHANNEL_MAX_ARNS).map((batch) => batchGetChannels(deps, region, accountId, batch, fetched)),
              );
              for (const arn of arns) {
                if (!fetched.has(arn))
                  fetched.set(arn, gatewayError(ErrorCode.NOT_FOUND, `IVS returned neither the channel nor an error for ${arn}.`));
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

async function batchGetChannels(
  deps: IvsDeps,
  region: string,
  account: string,
  arns: string[],
  results: Map<string, ChannelModel | Error>,
): Promise<void> {
  const { upstream } = deps;
  try {
    const output = await callIvs(
      upstream,
      deps.scope,
      { region, account, operation: 'BatchGetChannel' },
      (client, abortSignal) => client.send(new BatchGetChannelCommand({ arns }), { abortSignal }),
      { accountId: account, channels: arns.length },
    );
    for (const channel of output.channels ?? []) {
      if (channel.arn) results.set(channel.arn, toChannelModel(channel, true, enumReporter(upstream.logger, { channelArn: channel.arn })));
    }
    for (const error of output.errors ?? []) {
      if (!error.arn) continue;
      // IVS's own text may name the gateway's IAM principal: the log keeps it, the client gets batchItemError's.
      upstream.logger.debug(
        { channelArn: error.arn, region, ivs: { operation: 'BatchGetChannel', ivsErrorType: error.code, message: error.message } },
        'IVS BatchGetChannel item failed',
      );
      results.set(error.arn, batchItemError(error.code, error.message, error.arn));
    }
  } catch (error) {
    for (const arn of arns) results.set(arn, error as Error);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
