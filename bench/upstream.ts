/**
 * The benchmark's upstream: answers GetStreamSession instantly with precomputed bytes (the demo
 * session for the channel asked about, under whatever streamId was asked for), so that the three
 * sides are measured against the same, nearly free, IVS. Run as a child process; reports its URL
 * over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchSessions } from './sessions.js';

const PLACEHOLDER = 'st-PLACEHOLDERPLACEHOLDER0';

const templates = new Map(
  benchSessions().map((s) => {
    const [prefix, suffix] = JSON.stringify({ streamSession: { ...s.wire, streamId: PLACEHOLDER } }).split(PLACEHOLDER) as [string, string];
    return [s.channelArn, { prefix, suffix, streamId: s.streamId }];
  }),
);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { channelArn?: string; streamId?: string };
    const template = req.url === '/GetStreamSession' && input.channelArn ? templates.get(input.channelArn) : undefined;
    if (!template) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ message: 'not in the benchmark upstream' }));
      return;
    }
    const body = template.prefix + (input.streamId ?? template.streamId) + template.suffix;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-RequestId': 'bench' });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
