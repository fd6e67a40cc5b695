import type { QueryResolvers } from '../../../__generated__/resolvers-types.js';
import { parseChannelArn } from '../../../kernel/arn.js';

export const channel: NonNullable<QueryResolvers['channel']> = (_parent, { arn }, { loaders }) =>
  loaders.channel.load(parseChannelArn(arn, 'arn'));
