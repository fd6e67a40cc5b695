/**
 * Changes the embedded IVS's live streams over time, as broadcasters and viewers would: channels go
 * live and offline, health changes, viewer counts drift. Tests call the single steps directly on
 * their own data; `startDemoTimeline` plays a deterministic script for `npm start`, so live
 * subscriptions in GraphiQL show real changes.
 */
import { derivedStreamId, findDemoChannel, type DemoChannel, type DemoData, type DemoLiveState } from './demo-data.js';

function channelOf(data: DemoData, channelArn: string): DemoChannel {
  const found = findDemoChannel(data, channelArn);
  if (!found) throw new Error(`embedded IVS timeline: no channel ${channelArn}`);
  return found;
}

function isLive(channel: DemoChannel): boolean {
  const newest = channel.sessions[0];
  return newest !== undefined && newest.endTime === undefined;
}

/** The channel starts a new stream session now (ending the current one if it was live). */
export function goLive(data: DemoData, channelArn: string, at: Date, live: DemoLiveState = { health: 'HEALTHY', viewerCount: 0 }): string {
  const channel = channelOf(data, channelArn);
  if (isLive(channel)) goOffline(data, channelArn, at);
  const startTime = at.toISOString();
  const streamId = derivedStreamId(`${channelArn}@${startTime}#${channel.sessions.length}`);
  channel.sessions.unshift({
    streamId,
    startTime,
    channel: structuredClone(channel.channel),
    truncatedEvents: [{ name: 'Session Created', type: 'IVS Stream State Change', eventTime: startTime }],
  });
  channel.live = { ...live };
  return streamId;
}

/** The channel's live session ends now. */
export function goOffline(data: DemoData, channelArn: string, at: Date): void {
  const channel = channelOf(data, channelArn);
  const newest = channel.sessions[0];
  if (!newest || !isLive(channel)) return;
  newest.endTime = at.toISOString();
  newest.truncatedEvents = [
    { name: 'Session Ended', type: 'IVS Stream State Change', eventTime: newest.endTime },
    ...(newest.truncatedEvents ?? []),
  ];
  delete channel.live;
}

/** Changes a live channel's health and viewer count. */
export function setLiveState(data: DemoData, channelArn: string, live: Partial<DemoLiveState>): void {
  const channel = channelOf(data, channelArn);
  if (!isLive(channel)) throw new Error(`embedded IVS timeline: ${channelArn} is not live`);
  channel.live = { health: 'HEALTHY', viewerCount: 0, ...channel.live, ...live };
}

/**
 * The demo script: every `stepMs`, each live channel's viewer count drifts, one in seven live channels
 * flips between HEALTHY and STARVING, and one offline fleet channel goes live while the longest-running
 * fleet stream ends. Deterministic (driven by the step number), so demos repeat.
 */
export function startDemoTimeline(data: DemoData, stepMs = 3_000): () => void {
  let step = 0;
  const timer = setInterval(() => {
    step++;
    const now = new Date();
    data.channels.forEach((channel, index) => {
      if (!isLive(channel) || channel.fault) return;
      const drift = ((step * 7_919 + index * 104_729) % 61) - 30;
      const viewerCount = Math.max(0, (channel.live?.viewerCount ?? 0) + drift * 3);
      const health = (step + index) % 7 === 0 ? (channel.live?.health === 'STARVING' ? 'HEALTHY' : 'STARVING') : channel.live?.health;
      setLiveState(data, channel.channel.arn, { viewerCount, ...(health ? { health } : {}) });
    });
    const fleet = data.channels.filter((c) => c.channel.name?.startsWith('fleet-') && !c.fault);
    if (step % 5 === 0 && fleet.length > 0) {
      const offline = fleet.filter((c) => !isLive(c));
      const live = fleet.filter(isLive);
      const starting = offline[step % Math.max(offline.length, 1)];
      const ending = live.sort((a, b) => (a.sessions[0]!.startTime < b.sessions[0]!.startTime ? -1 : 1))[0];
      if (starting) goLive(data, starting.channel.arn, now, { health: 'HEALTHY', viewerCount: 12 });
      if (ending && ending !== starting) goOffline(data, ending.channel.arn, now);
    }
  }, stepMs);
  timer.unref();
  return () => clearInterval(timer);
}
