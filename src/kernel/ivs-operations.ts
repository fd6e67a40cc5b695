/**
 * The IVS operations the gateway calls, with their call-rate quotas: calls per second per account,
 * region and operation (IVS service quotas, not adjustable). The one source for the operation names
 * (types, settings validation, cache keys) and for the quota defaults the limiter and the in-flight
 * cap start from. The embedded IVS keeps its own copy on purpose (src/embedded-ivs/operations.ts).
 */
export const IVS_OPERATIONS = {
  GetStreamSession: { callsPerSecond: 5 },
  ListStreamSessions: { callsPerSecond: 5 },
  BatchGetChannel: { callsPerSecond: 5 },
  ListChannels: { callsPerSecond: 5 },
  GetStream: { callsPerSecond: 5 },
  ListStreams: { callsPerSecond: 5 },
  GetRecordingConfiguration: { callsPerSecond: 3 },
} as const;

export type IvsOperation = keyof typeof IVS_OPERATIONS;

/** Calls per second, per operation. */
export type IvsRates = Readonly<Record<IvsOperation, number>>;

export const IVS_OPERATION_NAMES = Object.keys(IVS_OPERATIONS) as readonly IvsOperation[];

/** The IVS quotas as rates: what LIMITER_RATES overrides. */
export const IVS_RATE_LIMITS: IvsRates = Object.fromEntries(
  IVS_OPERATION_NAMES.map((operation) => [operation, IVS_OPERATIONS[operation].callsPerSecond]),
) as Record<IvsOperation, number>;

export function isIvsOperation(name: string): name is IvsOperation {
  return Object.hasOwn(IVS_OPERATIONS, name);
}
