import type { SrtResolvers } from '../../__generated__/resolvers-types.js';
import { requireScope, Scope } from '../../auth/principal.js';

export const Srt: SrtResolvers = {
  // The passphrase lets anyone holding it broadcast on the channel: served only to credentials granted
  // the ingest:secrets scope (never to anonymous callers).
  passphrase: (srt, _args, { principal }) => {
    if (srt.passphrase == null) return null;
    requireScope(principal, Scope.INGEST_SECRETS, 'srt.passphrase (a stream secret: whoever holds it can broadcast on the channel)');
    return srt.passphrase;
  },
};
