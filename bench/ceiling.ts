/**
 * The static-response ceiling: a bare node:http server that reads the request body, picks the session by
 * its `channelArn` and answers the gateway's exact response bytes for the benchmark query, precomputed
 * (bench/run.ts asks a gateway once per session and sends the bytes over IPC). No GraphQL, no IVS, no
 * cache lookup beyond one Map: the fastest any server could answer this request on this machine.
 * Run as a child process; waits for `{ responses: [channelArn, body][] }`, then reports its URL over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const { responses } = await new Promise<{ responses: [string, string][] }>((resolve) =>
  process.once('message', (message) => resolve(message as { responses: [string, string][] })),
);
const bodies = new Map(responses.map(([channelArn, body]) => [channelArn, Buffer.from(body, 'utf8')]));

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: Buffer | undefined;
    try {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { channelArn?: string } };
      body = variables?.channelArn ? bodies.get(variables.channelArn) : undefined;
    } catch {
      body = undefined;
    }
    if (!body) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"not a benchmark session"}]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
