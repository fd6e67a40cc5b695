import type { SrtResolvers } from '../__generated__/resolvers-types.js';
import { ErrorCode, gatewayError } from '../errors.js';

export const Srt: SrtResolvers = {
  // The passphrase lets anyone holding it broadcast on the channel: withheld unless the operator opted in.
  passphrase: (srt, _args, { exposeSrtPassphrase }) => {
    if (srt.passphrase == null || exposeSrtPassphrase) return srt.passphrase ?? null;
    throw gatewayError(
      ErrorCode.FORBIDDEN,
      'srt.passphrase is a stream secret and this gateway does not serve it; the operator can set EXPOSE_SRT_PASSPHRASE=true to serve it.',
    );
  },
};
