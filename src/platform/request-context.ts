import { AsyncLocalStorage } from 'node:async_hooks';

/** What the gateway knows about one HTTP request, for its log line and for error responses (written by src/http/). */
export interface RequestRecord {
  /** From the client's `x-request-id` when it is a plain token, otherwise a fresh UUID; echoed in the response. */
  readonly requestId: string;
  readonly startedAt: number;
  /** The principal's id once authenticated (never a credential). */
  principal: string | null;
  /** Names of the GraphQL operations run (more than one only with HTTP batching). */
  operationNames: Array<string | null>;
  /** `extensions.code` of every error sent. */
  errorCodes: string[];
  /** Upstream IVS calls made for this request so far (set when the GraphQL context is created). */
  ivsCalls: () => number;
  /** Why authentication failed, for the log only. */
  authFailure?: string;
}

const storage = new AsyncLocalStorage<RequestRecord>();

/** The request being served in this async context (undefined outside one). */
export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}

/** Runs `fn` (the rest of a request's handling) with `record` as the current request. */
export function runInRequest<T>(record: RequestRecord, fn: () => T): T {
  return storage.run(record, fn);
}
