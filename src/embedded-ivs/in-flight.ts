/**
 * Counts concurrent requests per region, overall and per operation, and remembers the peaks, so
 * tests can check a gateway's per-region concurrency limit.
 */

interface Counter {
  current: number;
  peak: number;
}

/** Key of the counters that span every operation (operation names never look like this). */
const ANY_OPERATION = '*';

export class InFlightTracker {
  /** operation (or ANY_OPERATION) → region → counter */
  readonly #counters = new Map<string, Map<string, Counter>>();

  /** Marks a request as in flight; call the returned function once when it has been answered. */
  enter(operation: string, region: string): () => void {
    const counters = [this.#counter(ANY_OPERATION, region), this.#counter(operation, region)];
    for (const counter of counters) {
      counter.current += 1;
      counter.peak = Math.max(counter.peak, counter.current);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      for (const counter of counters) counter.current -= 1;
    };
  }

  /** The highest concurrency seen in one region (`region`, or the busiest one). */
  peak(operation: string = ANY_OPERATION, region?: string): number {
    const byRegion = this.#counters.get(operation);
    if (!byRegion) return 0;
    if (region !== undefined) return byRegion.get(region)?.peak ?? 0;
    return Math.max(0, ...Array.from(byRegion.values(), (counter) => counter.peak));
  }

  peaksByRegion(): Record<string, number> {
    const byRegion = this.#counters.get(ANY_OPERATION) ?? new Map<string, Counter>();
    return Object.fromEntries(Array.from(byRegion, ([region, counter]) => [region, counter.peak]));
  }

  /**
   * Forgets idle counters; peaks of the others restart from what is in flight right now, not from
   * zero, because those requests are still running.
   */
  resetPeaks(): void {
    for (const byRegion of this.#counters.values()) {
      for (const [region, counter] of byRegion) {
        if (counter.current === 0) byRegion.delete(region);
        else counter.peak = counter.current;
      }
    }
  }

  #counter(operation: string, region: string): Counter {
    let byRegion = this.#counters.get(operation);
    if (!byRegion) {
      byRegion = new Map();
      this.#counters.set(operation, byRegion);
    }
    let counter = byRegion.get(region);
    if (!counter) {
      counter = { current: 0, peak: 0 };
      byRegion.set(region, counter);
    }
    return counter;
  }
}
