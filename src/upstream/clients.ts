import { IvsClient, type IvsClientConfig } from '@aws-sdk/client-ivs';
import { observeResponses } from './raw-json.js';

export interface IvsClientOptions {
  /** Sends every region's calls here (still signed for that region); unset means the real regional endpoint. */
  endpoint?: string;
  /** Unset means the AWS default credential provider chain. */
  credentials?: IvsClientConfig['credentials'];
  timeoutMs: number;
  maxAttempts: number;
  /** The only regions a client is made for (IVS_ALLOWED_REGIONS); callIvs refuses others before this. */
  allowedRegions: readonly string[];
  /** Sees the HTTP status of every attempt (retries included), e.g. to count IVS's throttling answers. */
  onResponse?: (commandName: string, region: string, statusCode: number) => void;
}

/**
 * One SDK client per region, created on first use and reused for the life of the process, so
 * connections and resolved credentials are shared by every request.
 */
export class IvsClients {
  private readonly byRegion = new Map<string, IvsClient>();

  constructor(private readonly options: IvsClientOptions) {}

  forRegion(region: string): IvsClient {
    let client = this.byRegion.get(region);
    if (!client) {
      // Last line of defence: a client is never freed, so one per made-up region would leak.
      if (!this.options.allowedRegions.includes(region))
        throw new Error(`No IVS client for region ${JSON.stringify(region.slice(0, 40))}: not in IVS_ALLOWED_REGIONS`);
      client = new IvsClient({
        region,
        endpoint: this.options.endpoint,
        credentials: this.options.credentials,
        maxAttempts: this.options.maxAttempts,
        requestHandler: { connectionTimeout: this.options.timeoutMs, requestTimeout: this.options.timeoutMs },
      });
      const { onResponse } = this.options;
      if (onResponse) observeResponses(client, (commandName, statusCode) => onResponse(commandName, region, statusCode));
      this.byRegion.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.byRegion.values()) client.destroy();
    this.byRegion.clear();
  }
}
