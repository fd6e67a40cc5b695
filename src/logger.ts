import { pino, type DestinationStream, type Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  // Stream keys and credentials must never reach a log, whatever object a caller hands over.
  return pino(
    { level, redact: { paths: ['*.passphrase', '*.*.passphrase', '*.*.*.passphrase', 'req.headers.authorization'], censor: '[redacted]' } },
    destination,
  );
}
