import { IvsClient, type IvsClientConfig } from '@aws-sdk/client-ivs';

export interface IvsClientOptions {
  /** Sends every region's calls here (still signed for that region); unset means the real regional endpoint. */
  endpoint?: string;
  /** Unset means the AWS default credential provider chain. */
  credentials?: IvsClientConfig['credentials'];
  timeoutMs: number;
  maxAttempts: number;
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
      client = new IvsClient({
        region,
        endpoint: this.options.endpoint,
        credentials: this.options.credentials,
        maxAttempts: this.options.maxAttempts,
        requestHandler: { connectionTimeout: this.options.timeoutMs, requestTimeout: this.options.timeoutMs },
      });
      this.byRegion.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.byRegion.values()) client.destroy();
    this.byRegion.clear();
  }
}
