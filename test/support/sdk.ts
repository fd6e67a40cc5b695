import { IvsClient } from '@aws-sdk/client-ivs';
import { afterAll } from 'vitest';
import type { EmbeddedIvs } from '../../src/embedded-ivs/server.js';

const clients: IvsClient[] = [];

// Every client a test file made is destroyed after it, so no keep-alive socket outlives the file.
afterAll(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** A real SDK client for the embedded IVS, signed for `region`, without retries. */
export function ivsClient(ivs: EmbeddedIvs, region: string): IvsClient {
  const client = new IvsClient({
    region,
    endpoint: ivs.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

/** SDK output back in wire form: the SDK turns RFC 3339 strings into Dates and may leave undefined members. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, toWire(member)]),
    );
  }
  return value;
}
