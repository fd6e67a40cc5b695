import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequest } from './request-context.js';
import { traceFields } from './telemetry.js';

// Stream keys and credentials must never reach a log, whatever object a caller hands over: SRT
// passphrases at any usual depth, Authorization and x-api-key headers, and fields named like secrets.
const SECRET_FIELDS = ['passphrase', 'authorization', 'apiKey', 'token', 'password', 'secretAccessKey', 'sessionToken'];
const REDACT = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`, `*.*.*.*.${field}`]),
  ...['headers', '*.headers', '*.*.headers'].flatMap((headers) => [
    `${headers}.authorization`,
    `${headers}["x-api-key"]`,
    `${headers}.cookie`,
  ]),
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      // Every line written while serving a request carries its id (src/platform/request-context.ts), and
      // every line written inside a span its trace_id and span_id (docs/observability.md).
      mixin: () => {
        const request = currentRequest();
        return request ? { requestId: request.requestId, ...traceFields() } : traceFields();
      },
    },
    destination,
  );
}
