/**
 * The raw-SDK floor: a plain HTTP handler that reads the same request body the gateway gets, calls
 * GetStreamSession through the same @aws-sdk/client-ivs (one client per region, same settings as
 * the gateway), and returns the fields the benchmark query selects as JSON, shaped like the
 * GraphQL response. No GraphQL, no cache, no limiter: what any gateway has to beat.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetStreamSessionCommand } from '@aws-sdk/client-ivs';
import { clientFor } from './sdk-clients.js';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      try {
        const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          variables: { channelArn: string; streamId?: string };
        };
        const region = variables.channelArn.split(':')[3]!;
        const { streamSession: s } = await clientFor(region).send(
          new GetStreamSessionCommand({
            channelArn: variables.channelArn,
            ...(variables.streamId ? { streamId: variables.streamId } : {}),
          }),
        );
        const c = s?.channel;
        const body = JSON.stringify({
          data: {
            streamSession: s && {
              channelArn: variables.channelArn,
              streamId: s.streamId ?? null,
              startTime: s.startTime ?? null,
              endTime: s.endTime ?? null,
              channel: c
                ? {
                    arn: c.arn,
                    name: c.name ?? null,
                    type: c.type ?? null,
                    latencyMode: c.latencyMode ?? null,
                    playbackUrl: c.playbackUrl ?? null,
                  }
                : null,
              truncatedEvents:
                s.truncatedEvents?.map((e) => ({
                  eventTime: e.eventTime ?? null,
                  type: e.type ?? null,
                  name: e.name ?? null,
                  code: e.code ?? null,
                })) ?? null,
            },
          },
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: String(error) }] }));
      }
    })();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
// Exit normally on SIGINT/SIGTERM, so that `node --cpu-prof` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
