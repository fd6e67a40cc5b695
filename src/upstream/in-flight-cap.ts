import pLimit, { type LimitFunction } from 'p-limit';
import type { IvsOperation } from './call.js';

// IVS call-rate quotas per account and region (5 per second, 3 for recording configurations). Never
// keep more calls of an operation in flight than its quota allows in a second.
const OPERATION_QUOTA: Partial<Record<IvsOperation, number>> = { GetRecordingConfiguration: 3 };
const DEFAULT_QUOTA = 5;

/**
 * Caps the IVS calls in flight per (region, operation) across the whole process. IVS quotas are per
 * account, region and operation, so the cap is shared by every request, not per request.
 */
export class RegionLimiter {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly maxInFlight: number) {}

  run<T>(region: string, operation: IvsOperation, task: () => Promise<T>): Promise<T> {
    const key = `${region}/${operation}`;
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(Math.min(this.maxInFlight, OPERATION_QUOTA[operation] ?? DEFAULT_QUOTA));
      this.limits.set(key, limit);
    }
    return limit(task);
  }
}
