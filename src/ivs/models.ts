import type { StreamSession } from '../__generated__/resolvers-types.js';

/**
 * A stream session as the gateway holds it: the GraphQL shape minus resolver-only fields, plus the
 * key that IVS's own StreamSession lacks. `channelArn` is the ARN that was asked for, so a session
 * stays identifiable without its (optional) `channel` member.
 */
export type StreamSessionModel = Omit<StreamSession, '__typename' | 'channelArn'> & {
  channelArn: string;
};
