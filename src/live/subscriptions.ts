import type { StreamModel } from '../ivs/models.js';
import { EventQueue } from './event-queue.js';
import type { LiveHub } from './hub.js';
import type { LiveSnapshot, StreamChangeKind } from './snapshot.js';

export interface StreamUpdateModel {
  channelArn: string;
  changes: Array<StreamChangeKind | 'CURRENT'>;
  stream: StreamModel | null;
}

/**
 * One channel's updates: its current state first, then each change the region's poller sees for it.
 * The region's feed is shared with every other subscriber; leaving releases it.
 */
export async function streamUpdates(
  hub: LiveHub,
  region: string,
  channelArn: string,
  maxBuffered: number,
): Promise<AsyncIterableIterator<StreamUpdateModel>> {
  let unsubscribe = () => {};
  const queue = new EventQueue<StreamUpdateModel>(maxBuffered, () => unsubscribe());
  const subscription = await hub.subscribe(region, (changes) => {
    for (const change of changes)
      if (change.channelArn === channelArn) queue.push({ channelArn, changes: change.kinds, stream: change.stream });
  });
  unsubscribe = subscription.unsubscribe;
  queue.push({ channelArn, changes: ['CURRENT'], stream: subscription.snapshot.get(channelArn) ?? null });
  return queue;
}

/**
 * The set of live streams (of some regions, optionally of one health, only those `visible` to the
 * subscriber), sent whole at first and again whenever a change touches it. Changes to streams the
 * subscriber may not see send nothing: the timing of messages must not tell of them either.
 */
export async function liveStreamSets(
  hub: LiveHub,
  regions: readonly string[],
  filter: { health: string | null; visible: (stream: StreamModel) => boolean },
  maxBuffered: number,
): Promise<AsyncIterableIterator<StreamModel[]>> {
  const { health, visible } = filter;
  const unsubscribes: Array<() => void> = [];
  const queue = new EventQueue<StreamModel[]>(maxBuffered, () => unsubscribes.forEach((u) => u()));
  const snapshots = new Map<string, LiveSnapshot>();
  const matches = (stream: StreamModel | null) => stream !== null && visible(stream) && (health === null || stream.health === health);
  const current = () =>
    regions
      .flatMap((region) => [...(snapshots.get(region)?.values() ?? [])].filter(matches))
      .sort((a, b) => (a.channelArn < b.channelArn ? -1 : 1));
  try {
    for (const region of regions) {
      const subscription = await hub.subscribe(region, (changes, snapshot) => {
        const before = snapshots.get(region);
        snapshots.set(region, snapshot);
        // A change matters when the stream is in the filtered set before or after it.
        if (changes.some((c) => matches(c.stream) || matches(before?.get(c.channelArn) ?? null))) queue.push(current());
      });
      unsubscribes.push(subscription.unsubscribe);
      snapshots.set(region, subscription.snapshot);
    }
  } catch (error) {
    unsubscribes.forEach((u) => u());
    throw error;
  }
  queue.push(current());
  return queue;
}
