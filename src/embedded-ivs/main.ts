/**
 * Stand-alone entry point: `EMBEDDED_IVS_PORT` (default 4510) and `EMBEDDED_IVS_HOST`
 * (default 127.0.0.1) choose where the embedded IVS listens.
 */
import { isIP } from 'node:net';
import { startEmbeddedIvs } from './server.js';

const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

class ConfigError extends Error {}

function portFrom(value: string | undefined): number {
  if (value === undefined) return 4510;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65_535)) {
    throw new ConfigError(`EMBEDDED_IVS_PORT must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

function hostFrom(value: string | undefined): string {
  if (value === undefined) return '127.0.0.1';
  if (isIP(value) === 0 && !HOSTNAME.test(value)) {
    throw new ConfigError(`EMBEDDED_IVS_HOST must be an IP address or a host name, got ${JSON.stringify(value)}`);
  }
  return value;
}

async function main(): Promise<void> {
  const port = portFrom(process.env.EMBEDDED_IVS_PORT);
  const host = hostFrom(process.env.EMBEDDED_IVS_HOST);
  const ivs = await startEmbeddedIvs({ port, host });
  console.log(`Embedded IVS listening on ${ivs.url}`);
  const stop = () => void ivs.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Embedded IVS failed to start: ${(error as Error).message}`;
  console.error(message);
  process.exit(1);
});
