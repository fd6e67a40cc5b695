import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { exitOnSignals } from './http/shutdown.js';
import { createLogger } from './platform/logger.js';
import { startTelemetry } from './platform/telemetry.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One clear line naming the variable, then stop: a half-configured gateway must not serve.
  console.error(`ivs-graphql-gateway: ${error.message}`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
// A rejection nobody awaited is a bug to fix, not a reason to drop every other caller's requests.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection; still serving'));
// Traces only when OTEL_* configures an exporter (docs/observability.md); started before the app so its spans have a provider.
const telemetry = await startTelemetry(process.env, logger);
let app;
try {
  app = await startApp(config, logger);
} catch (error) {
  // Configuration only the app can check (a trusted document that does not validate against the schema): the same one line.
  if (!(error instanceof ConfigError)) throw error;
  console.error(`ivs-graphql-gateway: ${error.message}`);
  await telemetry.shutdown();
  process.exit(1);
}
logger.info({ graphql: app.graphqlUrl, ivs: app.ivsTarget }, `IVS GraphQL gateway ready at ${app.graphqlUrl}`);

// SIGTERM/SIGINT: not ready at once, keep serving for SHUTDOWN_DELAY_MS, then stop accepting, let
// in-flight requests finish within SHUTDOWN_GRACE_MS, exit 0. The last spans (the shutdown's own
// requests included) are flushed after the app has closed.
const closing = { drain: () => app.drain(), close: () => app.close().finally(() => telemetry.shutdown()) };
exitOnSignals(closing, logger, { graceMs: config.shutdownGraceMs, delayMs: config.shutdownDelayMs });
