import pLimit, { type LimitFunction } from 'p-limit';
import type { IvsOperation, IvsRates } from '../kernel/ivs-operations.js';

/**
 * Caps the IVS calls in flight per (region, operation) across the whole process. IVS quotas are per
 * account, region and operation, so the cap is shared by every request, not per request. Never keeps
 * more calls of an operation in flight than its quota allows in a second: `rates` are the same ones
 * the quota limiter uses (the IVS quotas, or LIMITER_RATES overrides).
 */
export class RegionLimiter {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(
    private readonly maxInFlight: number,
    private readonly rates: IvsRates,
  ) {}

  run<T>(region: string, operation: IvsOperation, task: () => Promise<T>): Promise<T> {
    const key = `${region}/${operation}`;
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(Math.min(this.maxInFlight, this.rates[operation]));
      this.limits.set(key, limit);
    }
    return limit(task);
  }
}
