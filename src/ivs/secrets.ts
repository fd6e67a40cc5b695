import type { ChannelModel, StreamSessionModel } from './models.js';

/**
 * Stream secrets never go to Redis: a channel's `srt.passphrase` is replaced by this marker in what
 * is shared between replicas. A model read back with the marker still tells that the channel has a
 * passphrase (so callers without the ingest:secrets scope get the same FORBIDDEN as from IVS), and is
 * never served to a request that may read secrets (those read IVS or the in-process cache instead).
 */
const WITHHELD_SECRET = '[withheld: stream secrets are not stored in the shared cache]';

export function channelWithoutSecrets(channel: ChannelModel): ChannelModel {
  return channel.srt?.passphrase ? { ...channel, srt: { ...channel.srt, passphrase: WITHHELD_SECRET } } : channel;
}

export function sessionWithoutSecrets(session: StreamSessionModel): StreamSessionModel {
  return session.channel?.srt?.passphrase ? { ...session, channel: channelWithoutSecrets(session.channel) } : session;
}

export function channelLacksSecrets(channel: ChannelModel): boolean {
  return channel.srt?.passphrase === WITHHELD_SECRET;
}

export function sessionLacksSecrets(session: StreamSessionModel): boolean {
  return session.channel?.srt?.passphrase === WITHHELD_SECRET;
}
