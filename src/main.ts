import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

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
const app = await startApp(config, logger);
logger.info({ graphql: app.graphqlUrl, ivs: app.ivsTarget }, `IVS GraphQL gateway ready at ${app.graphqlUrl}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
