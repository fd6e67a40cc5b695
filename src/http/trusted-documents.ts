import type { RequestHandler, Response } from 'express';
import {
  isRefusal,
  refusalStatus,
  type OperationGuard,
  type OperationRequest,
  type Refusal,
  type ResolvedRequest,
} from '../graphql/guard.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../kernel/errors.js';
import { principalOf } from './authenticate.js';
import { requestRecordOf } from './request-log.js';

/**
 * The guard's trusted-documents rule on the HTTP routes (Apollo's GET and POST, graphql-sse), before
 * anything reads the operation: a listed id becomes the listed text (`query`), its id removed, so the
 * response cache keys on the document and Apollo serves it as any document (its document store
 * parses and validates a text once); a refused request is answered here with the guard's errors and
 * status, in the shape Apollo answers with. Runs after authentication and the JSON body parser.
 * Without a manifest it does nothing.
 */
export function resolveTrustedDocuments(guard: OperationGuard): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res);
    // No principal: GraphiQL's page, which runs nothing (Apollo refuses every other unauthenticated request).
    if (!guard.trustsDocuments || !principal) return next();
    if (req.method === 'GET') {
      const at = req.url.indexOf('?');
      const params = new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
      let extensions: unknown;
      try {
        extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
      } catch {
        return sendRefusal(res, guard, {
          errors: [gatewayError(ErrorCode.BAD_REQUEST, 'The "extensions" query parameter is not JSON.', { http: { status: 400 } })],
        });
      }
      const request: OperationRequest = {
        query: params.get('query') ?? undefined,
        operationName: params.get('operationName') ?? undefined,
        documentId: params.get('documentId') ?? undefined,
        extensions,
      };
      const resolved = guard.resolveDocument(request, principal);
      if (isRefusal(resolved)) return sendRefusal(res, guard, resolved);
      if (resolved.trusted) {
        params.set('query', resolved.request.query as string);
        params.delete('documentId');
        if (resolved.request.extensions === undefined) params.delete('extensions');
        else params.set('extensions', JSON.stringify(resolved.request.extensions));
        req.url = `${at < 0 ? req.url : req.url.slice(0, at)}?${params}`;
      }
      setResolved(res, resolved);
      return next();
    }
    const body: unknown = req.body;
    const operations = Array.isArray(body) ? body : [body];
    if (!operations.every((operation) => typeof operation === 'object' && operation !== null && !Array.isArray(operation))) return next();
    const results = (operations as OperationRequest[]).map((operation) => guard.resolveDocument(operation, principal));
    // A batch runs whole or not at all: one refused operation refuses the request.
    const refused = results.find((result) => isRefusal(result));
    if (refused) return sendRefusal(res, guard, refused);
    const resolved = results as ResolvedRequest[];
    req.body = Array.isArray(body) ? resolved.map((result) => result.request) : resolved[0]!.request;
    if (!Array.isArray(body)) setResolved(res, resolved[0]!);
    next();
  };
}

/** What `resolveTrustedDocuments` found for a single operation (graphql-sse hands it to the guard's `prepare`). */
export function resolvedDocumentOf(res: Response): ResolvedRequest | undefined {
  return (res.locals as { trustedDocument?: ResolvedRequest }).trustedDocument;
}

function setResolved(res: Response, resolved: ResolvedRequest): void {
  (res.locals as { trustedDocument?: ResolvedRequest }).trustedDocument = resolved;
}

function sendRefusal(res: Response, guard: OperationGuard, refusal: Refusal): void {
  const errors = guard.formatErrors(refusal.errors);
  requestRecordOf(res)?.errorCodes.push(...errors.map(errorCodeOf));
  res.status(refusalStatus(refusal)).json({ errors });
}
