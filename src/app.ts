import type { Logger } from 'pino';
import type { Config } from './config/load.js';
import { createServices } from './graphql/context.js';
import { startEmbeddedIvs } from './embedded-ivs/server.js';
import { startDemoTimeline } from './embedded-ivs/timeline.js';
import { startServer } from './http/server.js';
import { startPerformance } from './cache/index.js';

// The embedded IVS accepts any signature; these only let the SDK sign without an AWS account.
const EMBEDDED_IVS_CREDENTIALS = { accessKeyId: 'AKIAEMBEDDEDIVSDEMO', secretAccessKey: 'embedded-ivs-demo-secret' };

export interface RunningApp {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  graphqlUrl: string;
  /** Where GET /metrics is served (METRICS_PORT, METRICS_TOKEN); `null`: nowhere. */
  metricsUrl: string | null;
  /** Where IVS calls go, for the start-up log line. */
  ivsTarget: string;
  close(): Promise<void>;
}

/** Starts the gateway on the backend the configuration names (embedded IVS, an endpoint, or AWS). */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const embedded = config.backend.kind === 'embedded' ? await startEmbeddedIvs({ port: config.backend.port }) : undefined;
  const upstream = embedded
    ? { endpoint: embedded.url, credentials: EMBEDDED_IVS_CREDENTIALS }
    : config.backend.kind === 'endpoint'
      ? { endpoint: config.backend.url }
      : {};
  const performance = await startPerformance(config.performance, logger);
  const services = createServices(config, logger, upstream, performance);
  const server = await startServer(services, { port: config.port, host: config.host });
  // The local demo changes over time, so live subscriptions (GraphiQL, README) show real updates.
  const stopTimeline = embedded && config.live.demoTimeline ? startDemoTimeline(embedded.data) : undefined;
  return {
    graphqlUrl: `${server.url}/graphql`,
    metricsUrl: server.metricsUrl,
    ivsTarget: embedded ? `embedded IVS at ${embedded.url}` : (upstream.endpoint ?? 'AWS regional endpoints'),
    async close() {
      stopTimeline?.();
      await server.close();
      services.upstream.clients.destroy();
      await performance.close();
      await embedded?.close();
    },
  };
}
