import type { Resolvers } from '../__generated__/resolvers-types.js';
import { streamSession } from './Query/streamSession.js';
import { scalars } from './scalars.js';
import { Srt } from './Srt.js';

// Types without an entry here are served by default resolvers straight from their models.
export const resolvers: Resolvers = {
  ...scalars,
  Query: { streamSession },
  Srt,
};
