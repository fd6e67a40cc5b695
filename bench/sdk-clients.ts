import { IvsClient } from '@aws-sdk/client-ivs';

const clients = new Map<string, IvsClient>();

/**
 * One SDK client per region against the bench upstream (IVS_ENDPOINT), with the gateway's settings:
 * what the raw-SDK floor and the peers call IVS with.
 */
export function clientFor(region: string): IvsClient {
  let client = clients.get(region);
  if (!client) {
    client = new IvsClient({
      region,
      endpoint: process.env.IVS_ENDPOINT!,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5000, requestTimeout: 5000 },
    });
    clients.set(region, client);
  }
  return client;
}
