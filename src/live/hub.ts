import { context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { StreamModel } from '../ivs/models.js';
import { tracer } from '../platform/telemetry.js';
import type { Coordinator } from './coordinator.js';
import { diffSnapshots, type LiveSnapshot, type StreamChange } from './snapshot.js';

export type LiveListener = (changes: StreamChange[], snapshot: LiveSnapshot) => void;

export interface LiveHubOptions {
  intervalMs: number;
  viewerThreshold: number;
  /** Every live stream of a region: all ListStreams pages, through the shared IVS limiter. */
  fetchLiveStreams: (region: string) => Promise<StreamModel[]>;
  coordinator: Coordinator;
  logger: Logger;
}

interface RegionFeed {
  listeners: Set<LiveListener>;
  snapshot: LiveSnapshot | null;
  /** What listeners were last told (viewer counts move only past the threshold). */
  reported: LiveSnapshot | null;
  firstSnapshot: Promise<LiveSnapshot>;
  resolveFirst: (snapshot: LiveSnapshot) => void;
  timer: NodeJS.Timeout | null;
  stopFollowing: Promise<() => Promise<void>>;
}

/**
 * One poller per region for every subscriber of the process (and, through the coordinator, of every
 * replica): started by the region's first subscriber, stopped after its last leaves. Each poll turns
 * into the changes since the previous one, pushed to the region's listeners.
 */
export class LiveHub {
  private readonly feeds = new Map<string, RegionFeed>();

  constructor(private readonly options: LiveHubOptions) {}

  /** Subscribes to a region; resolves with the current snapshot (waiting for the first poll if needed). */
  async subscribe(region: string, listener: LiveListener): Promise<{ snapshot: LiveSnapshot; unsubscribe: () => void }> {
    const feed = this.feeds.get(region) ?? this.startFeed(region);
    feed.listeners.add(listener);
    const unsubscribe = () => {
      feed.listeners.delete(listener);
      if (feed.listeners.size === 0 && this.feeds.get(region) === feed) void this.stopFeed(region, feed);
    };
    try {
      return { snapshot: feed.snapshot ?? (await feed.firstSnapshot), unsubscribe };
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  /** Regions with a running poller or follower, for metrics and tests. */
  activeRegions(): string[] {
    return [...this.feeds.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.feeds].map(([region, feed]) => this.stopFeed(region, feed)));
    await this.options.coordinator.close();
  }

  private startFeed(region: string): RegionFeed {
    let resolveFirst!: (snapshot: LiveSnapshot) => void;
    const firstSnapshot = new Promise<LiveSnapshot>((resolve) => (resolveFirst = resolve));
    const feed: RegionFeed = {
      listeners: new Set(),
      snapshot: null,
      reported: null,
      firstSnapshot,
      resolveFirst,
      timer: null,
      stopFollowing: this.options.coordinator.follow(region, (snapshot) => this.apply(feed, snapshot)),
    };
    this.feeds.set(region, feed);
    void this.tick(region, feed);
    return feed;
  }

  private async stopFeed(region: string, feed: RegionFeed): Promise<void> {
    this.feeds.delete(region);
    if (feed.timer) clearTimeout(feed.timer);
    feed.timer = null;
    await (
      await feed.stopFollowing
    )();
    await this.options.coordinator
      .release(region)
      .catch((error: unknown) => this.options.logger.warn({ err: error, region }, 'could not release the live poller lease'));
  }

  private async tick(region: string, feed: RegionFeed): Promise<void> {
    // Each tick is a trace of its own (a root span; its IVS calls are children), never part of a request's.
    const span = tracer.startSpan('live.poll', { root: true, attributes: { 'cloud.region': region } });
    const inTick = trace.setSpan(ROOT_CONTEXT, span);
    try {
      await context.with(inTick, async () => {
        const polls = await this.options.coordinator.shouldPoll(region);
        // false: another replica holds the lease and publishes; this one only follows.
        span.setAttribute('gateway.live.polled', polls);
        if (!polls) return;
        const streams = await this.options.fetchLiveStreams(region);
        span.setAttribute('gateway.live.streams', streams.length);
        if (this.feeds.get(region) !== feed) return;
        const snapshot: LiveSnapshot = new Map(streams.map((s) => [s.channelArn, s]));
        this.apply(feed, snapshot);
        await this.options.coordinator.publish(region, snapshot);
      });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      // A failed poll keeps the last snapshot; the next interval tries again.
      context.with(inTick, () => this.options.logger.warn({ err: error, region }, 'live-stream poll failed'));
    } finally {
      span.end();
    }
    if (this.feeds.get(region) === feed) feed.timer = setTimeout(() => void this.tick(region, feed), this.options.intervalMs);
  }

  private apply(feed: RegionFeed, snapshot: LiveSnapshot): void {
    feed.snapshot = snapshot;
    if (!feed.reported) {
      feed.reported = snapshot;
      return feed.resolveFirst(snapshot);
    }
    const { changes, reported } = diffSnapshots(feed.reported, snapshot, this.options.viewerThreshold);
    feed.reported = reported;
    if (changes.length === 0) return;
    for (const listener of feed.listeners) listener(changes, snapshot);
  }
}
