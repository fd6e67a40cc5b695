import type { StreamModel } from '../ivs/models.js';
import type { LiveSnapshot } from './snapshot.js';

/**
 * Decides which replica polls a region and carries the poller's snapshots to the others. In one
 * process every region is polled locally; with Redis one replica per region polls (see redis-coordinator).
 */
export interface Coordinator {
  /** Whether this replica should poll `region` now (it holds, or just took, the region's lease). */
  shouldPoll(region: string): Promise<boolean>;
  /** Hands a fresh snapshot to the other replicas. */
  publish(region: string, snapshot: LiveSnapshot): Promise<void>;
  /** Receives the snapshots another replica polls; resolves to a function that stops following. */
  follow(region: string, onSnapshot: (snapshot: LiveSnapshot) => void): Promise<() => Promise<void>>;
  /** Gives the region's lease up (the last local subscriber left). */
  release(region: string): Promise<void>;
  close(): Promise<void>;
}

export const localCoordinator: Coordinator = {
  shouldPoll: () => Promise.resolve(true),
  publish: () => Promise.resolve(),
  follow: () => Promise.resolve(() => Promise.resolve()),
  release: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** Snapshots cross processes as JSON; dates come back as Date objects. */
export function serializeSnapshot(snapshot: LiveSnapshot): string {
  return JSON.stringify([...snapshot.values()]);
}

export function parseSnapshot(json: string): LiveSnapshot {
  const streams = JSON.parse(json) as Array<StreamModel & { startTime?: string | Date | null }>;
  return new Map(streams.map((s) => [s.channelArn, { ...s, startTime: s.startTime ? new Date(s.startTime) : s.startTime }]));
}
