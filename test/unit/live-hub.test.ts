import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { StreamModel } from '../../src/ivs/models.js';
import { localCoordinator } from '../../src/live/coordinator.js';
import { SlowConsumerError } from '../../src/live/event-queue.js';
import { LiveHub } from '../../src/live/hub.js';
import { liveStreamSets, streamUpdates } from '../../src/live/subscriptions.js';

const A = 'arn:aws:ivs:eu-west-1:123456789012:channel/AAAAAAAAAAAA';
const B = 'arn:aws:ivs:eu-west-1:123456789012:channel/BBBBBBBBBBBB';
const stream = (channelArn: string, over: Partial<StreamModel> = {}): StreamModel => ({
  complete: false,
  channelArn,
  streamId: `st-${channelArn.slice(-12)}00000000000`,
  state: 'LIVE',
  health: 'HEALTHY',
  viewerCount: 100,
  startTime: new Date('2026-11-25T07:30:00.000Z'),
  ...over,
});

/** A hub over a scripted region whose polls are driven by the test, one at a time. */
function scriptedHub() {
  let live: StreamModel[] = [];
  let polls = 0;
  const hub = new LiveHub({
    intervalMs: 5,
    viewerThreshold: 10,
    coordinator: localCoordinator,
    logger: pino({ level: 'silent' }),
    fetchLiveStreams: async () => {
      polls++;
      return live;
    },
  });
  return {
    hub,
    set: (streams: StreamModel[]) => (live = streams),
    polls: () => polls,
  };
}

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) values.push((await iterator.next()).value as T);
  return values;
}

describe('live hub', () => {
  it('sends the current state first, then only changes, in order', async () => {
    const region = scriptedHub();
    region.set([stream(A)]);
    const updates = await streamUpdates(region.hub, 'eu-west-1', A, 10);
    const offline = await streamUpdates(region.hub, 'eu-west-1', B, 10);
    region.set([stream(A, { viewerCount: 105 })]); // below the threshold: nothing
    await new Promise((r) => setTimeout(r, 30));
    region.set([stream(A, { viewerCount: 111, health: 'STARVING' }), stream(B)]);
    await new Promise((r) => setTimeout(r, 30));
    region.set([stream(B)]);
    const messages = await take(updates, 3);
    expect(messages.map((m) => [m.changes, m.stream?.health ?? null, m.stream?.viewerCount ?? null])).toEqual([
      [['CURRENT'], 'HEALTHY', 100],
      [['HEALTH_CHANGED', 'VIEWER_COUNT_CHANGED'], 'STARVING', 111],
      [['WENT_OFFLINE'], null, null],
    ]);
    expect((await take(offline, 2)).map((m) => m.changes)).toEqual([['CURRENT'], ['WENT_LIVE']]);
    await updates.return!();
    await offline.return!();
    expect(region.hub.activeRegions()).toEqual([]);
  });

  it('serves any number of subscribers from one poller per region, stopped after the last leaves', async () => {
    const region = scriptedHub();
    region.set([stream(A)]);
    const subscribers = await Promise.all(Array.from({ length: 1000 }, () => streamUpdates(region.hub, 'eu-west-1', A, 10)));
    await new Promise((r) => setTimeout(r, 40));
    const pollsWithMany = region.polls();
    expect(region.hub.activeRegions()).toEqual(['eu-west-1']);
    await Promise.all(subscribers.map((s) => s.return!()));
    expect(region.hub.activeRegions()).toEqual([]);
    const pollsAfter = region.polls();
    await new Promise((r) => setTimeout(r, 30));
    expect(region.polls()).toBe(pollsAfter);
    // 1000 subscribers polled at the rate of one: a poll per interval, not per subscriber.
    expect(pollsWithMany).toBeLessThan(20);
  });

  it('sends the filtered set whole, again when it changes', async () => {
    const region = scriptedHub();
    region.set([stream(A), stream(B, { health: 'STARVING' })]);
    const sets = await liveStreamSets(region.hub, ['eu-west-1'], { health: 'STARVING', visible: () => true }, 10);
    region.set([stream(A, { health: 'STARVING' }), stream(B, { health: 'STARVING' })]);
    const [first, second] = await take(sets, 2);
    expect(first!.map((s) => s.channelArn)).toEqual([B]);
    expect(second!.map((s) => s.channelArn)).toEqual([A, B]);
    await sets.return!();
  });

  it('pushes nothing when only streams the subscriber may not see change', async () => {
    const region = scriptedHub();
    region.set([stream(A), stream(B)]);
    const sets = await liveStreamSets(region.hub, ['eu-west-1'], { health: null, visible: (s) => s.channelArn === A }, 10);
    region.set([stream(A), stream(B, { health: 'STARVING' })]);
    await new Promise((r) => setTimeout(r, 50));
    region.set([stream(A, { health: 'STARVING' })]);
    const [first, second] = await take(sets, 2);
    expect(first!.map((s) => s.channelArn)).toEqual([A]);
    // B's health change and B going offline sent nothing: the next message is A's own change.
    expect(second).toEqual([expect.objectContaining({ channelArn: A, health: 'STARVING' })]);
    await sets.return!();
  });

  it('drops a subscriber that falls too far behind', async () => {
    const region = scriptedHub();
    region.set([stream(A)]);
    const updates = await streamUpdates(region.hub, 'eu-west-1', A, 2);
    for (let i = 1; i <= 4; i++) {
      region.set([stream(A, { viewerCount: 100 + i * 50 })]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await take(updates, 2);
    await expect(updates.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(region.hub.activeRegions()).toEqual([]);
  });
});
