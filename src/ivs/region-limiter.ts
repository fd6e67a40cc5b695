import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Caps the IVS calls in flight per region across the whole process. IVS quotas are per account and
 * region (5 GetStreamSession calls per second), so the cap is shared by every request, not per request.
 */
export class RegionLimiter {
  private readonly byRegion = new Map<string, LimitFunction>();

  constructor(private readonly maxInFlight: number) {}

  run<T>(region: string, task: () => Promise<T>): Promise<T> {
    let limit = this.byRegion.get(region);
    if (!limit) {
      limit = pLimit(this.maxInFlight);
      this.byRegion.set(region, limit);
    }
    return limit(task);
  }
}
