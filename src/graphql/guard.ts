import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Logger } from 'pino';
import { hasScope, Scope, type Principal } from '../auth/principal.js';
import { ErrorCode, gatewayError } from '../kernel/errors.js';
import { createArmor, type DocumentLimits } from './armor.js';
import { checkVariablesDepth } from './variables.js';
import { eachField, fragmentsOf } from './selections.js';
import { createErrorFormatter, type ErrorFormatter } from './format-error.js';
import type { DocumentRules, TrustedDocument, TrustedDocuments } from './trusted-documents.js';

/** How an operation reached the gateway; plain HTTP has no event stream for subscriptions. */
export type Transport = 'http' | 'graphql-ws' | 'graphql-sse';

/** What a client sends, on any transport: GraphQL-over-HTTP's request parameters. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
  /** The id of a trusted document (GraphQL-over-HTTP's persisted documents); `extensions.persistedQuery.sha256Hash` is the other way to send one. */
  documentId?: unknown;
}

/**
 * A request whose trusted-document id (if any) has been looked up: `query` is the listed text and
 * the id is gone from it (`trusted`: that document, parsed and validated at start-up), or the
 * request as sent, which is allowed to carry its own document (or an automatic persisted query).
 */
export interface ResolvedRequest {
  request: OperationRequest;
  trusted: TrustedDocument | null;
}

export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
}

/** A refused operation: GraphQL errors, each carrying the HTTP status it is answered with (`extensions.http.status`). */
export interface Refusal {
  errors: readonly GraphQLError[];
}

/** The parse options and validation rules every document passes, on every transport (and every trusted document, at start-up). */
export function documentRules(
  limits: DocumentLimits,
  introspection: boolean,
): DocumentRules & { validationRules: readonly ValidationRule[] } {
  const armor = createArmor(limits);
  // The gate is graphql-js's own rule, so Apollo runs with `introspection: true` and this list decides.
  const validationRules = [...armor.validationRules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  return { parseOptions: armor.parseOptions, validationRules, rules: [...specifiedRules, ...validationRules] };
}

/**
 * Every rule a document must pass before it runs, built once and applied on every way in: Apollo's
 * HTTP pipeline takes the parse options, validation rules, error formatter and plugin; graphql-ws
 * and graphql-sse call `prepare` from their `onSubscribe` hooks and `formatResult` on what they send.
 * The rules: the token limit (parser), the nesting of variables, armor's depth/alias/cost/directive limits, the introspection
 * gate, the `_service` gate, the operation types each transport serves, the trusted-documents
 * allow-list (`resolveDocument`: the HTTP routes call it before Apollo, `prepare` calls it), and one
 * error formatter (masking, suggestions).
 */
export class OperationGuard {
  readonly parseOptions: ParseOptions;
  readonly validationRules: readonly ValidationRule[];
  readonly formatError: ErrorFormatter;
  private readonly allRules: readonly ValidationRule[];

  constructor(
    limits: DocumentLimits,
    private readonly options: {
      introspection: boolean;
      logger: Logger;
      /** TRUSTED_DOCUMENTS, built with `documentRules` of the same limits; null: no allow-list. */
      trustedDocuments?: TrustedDocuments | null;
    },
  ) {
    const rules = documentRules(limits, options.introspection);
    this.parseOptions = rules.parseOptions;
    this.validationRules = rules.validationRules;
    this.allRules = rules.rules;
    this.formatError = createErrorFormatter(options.logger, { maskSuggestions: !options.introspection });
  }

  /** Whether requests are looked up in a trusted-documents manifest (`resolveDocument` changes anything). */
  get trustsDocuments(): boolean {
    return Boolean(this.options.trustedDocuments);
  }

  /**
   * The trusted-documents rule, the same on every transport. An id (`documentId`, or
   * `extensions.persistedQuery.sha256Hash`) is looked up in the manifest, never taken as the hash of
   * whatever text came with it: a listed id gives the listed text (text sent with it must be exactly
   * that); an unknown id is PERSISTED_QUERY_NOT_IN_LIST, except that in `allow` mode (or with the
   * `documents:any` scope) an unknown `persistedQuery` hash is left to automatic persisted queries. In
   * `require` mode a document sent as text is refused: PERSISTED_QUERY_ID_REQUIRED when it is a listed
   * one (send its id), PERSISTED_QUERY_NOT_IN_LIST otherwise; `documents:any` lifts that (GraphiQL).
   */
  resolveDocument(request: OperationRequest, principal: Principal): ResolvedRequest | Refusal {
    const trusted = this.options.trustedDocuments;
    if (!trusted) return { request, trusted: null };
    const { documentId, extensions, query } = request;
    if (documentId !== undefined && documentId !== null && (typeof documentId !== 'string' || documentId === '')) {
      return refuse(badRequest('"documentId" must be a non-empty string: the id of a trusted document.'));
    }
    const persisted = persistedQueryOf(extensions);
    if (persisted === 'malformed') return refuse(badRequest(`extensions.persistedQuery must be ${PERSISTED_QUERY_FORM}.`));
    if (typeof documentId === 'string' && persisted !== undefined && persisted !== documentId) {
      return refuse(badRequest('"documentId" and extensions.persistedQuery.sha256Hash name different documents; send one id.'));
    }
    const id = typeof documentId === 'string' ? documentId : persisted;
    const text = typeof query === 'string' && query !== '' ? query : undefined;
    const free = trusted.mode === 'allow' || hasScope(principal, Scope.DOCUMENTS_ANY);
    if (id !== undefined) {
      const listed = trusted.byId(id);
      if (!listed) {
        // allow: an unknown hash is an automatic persisted query, served (or registered) by Apollo as before.
        if (free && typeof documentId !== 'string') return { request, trusted: null };
        return refuse(
          notInList(
            `No trusted document has the id "${id.slice(0, 80)}"; send the id of an operation in the gateway's manifest (TRUSTED_DOCUMENTS), as generated from the client's build${free ? '' : ' (new documents cannot be registered, automatic persisted queries included)'}.`,
          ),
        );
      }
      if (text !== undefined && text !== listed.body) {
        return refuse(
          notInList(
            `The query sent is not the trusted document with the id "${id.slice(0, 80)}"; send the id alone, or with the document's exact listed text.`,
          ),
        );
      }
      return { request: withListedText(request, listed.body), trusted: listed };
    }
    if (free) return { request, trusted: null };
    if (text === undefined) {
      return refuse(
        idRequired(
          `This gateway serves trusted documents only: send the id of one as "documentId" or as extensions.persistedQuery ${PERSISTED_QUERY_FORM}.`,
        ),
      );
    }
    const listed = trusted.byBody(text);
    if (listed) {
      return refuse(
        idRequired(
          `This document is a trusted one, but trusted documents are sent by id: send "documentId": "${listed.id}" (or extensions.persistedQuery.sha256Hash) instead of "query", or with it.`,
        ),
      );
    }
    return refuse(
      notInList(
        `This gateway serves trusted documents only (TRUSTED_DOCUMENTS_MODE=require) and this document is not one of them; add the operation to the client's persisted-query manifest and send its id, or use credentials with the ${Scope.DOCUMENTS_ANY} scope.`,
      ),
    );
  }

  /**
   * Parses, validates and checks one operation for the transports Apollo does not serve. Parse and
   * validation errors carry Apollo's codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED), so a
   * refusal reads the same on every transport. The trusted-documents rule comes first
   * (`resolveDocument`, unless the HTTP route already did it and passes `resolved`); a trusted
   * document is not parsed or validated again: it was at start-up.
   */
  prepare(
    schema: GraphQLSchema,
    request: OperationRequest,
    principal: Principal,
    transport: Transport,
    resolved?: ResolvedRequest,
  ): PreparedOperation | Refusal {
    const resolution = resolved ?? this.resolveDocument(request, principal);
    if (isRefusal(resolution)) return resolution;
    const { trusted } = resolution;
    const { query, operationName, variables } = resolution.request;
    if (typeof query !== 'string' || query === '') {
      return refuse(
        badRequest(
          this.trustsDocuments
            ? 'Send the operation\'s document as "query" (a non-empty string), or the id of a trusted document as "documentId"; automatic persisted queries are served over HTTP only.'
            : 'Send the operation\'s document as "query" (a non-empty string); persisted queries are served over HTTP only.',
        ),
      );
    }
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
      return refuse(badRequest('"operationName" must be a string or null.'));
    }
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return refuse(badRequest('"variables" must be a JSON object (variable names to values) or null.'));
    }
    const deep = checkVariablesDepth(variables);
    if (deep) return refuse(gatewayError(ErrorCode.BAD_USER_INPUT, deep.message, { ...deep.extensions, http: { status: 400 } }));
    let document: DocumentNode;
    if (trusted && trusted.body === query) {
      document = trusted.document;
    } else {
      try {
        document = parse(query, this.parseOptions);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return refuse(withCode(error, 'GRAPHQL_PARSE_FAILED'));
      }
      const invalid = validate(schema, document, this.allRules);
      if (invalid.length > 0) return { errors: invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) };
    }
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${String(operationName).slice(0, 64)}"; send an operationName the document defines.`
        : 'The document defines several operations; send "operationName" to say which one to run.';
      return refuse(new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } }));
    }
    const refused = this.checkOperation(operation, document, principal, transport);
    if (refused) return refuse(refused);
    return {
      document,
      operation,
      operationName: operation.name?.value ?? null,
      variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    };
  }

  /**
   * Rules that depend on who asks or how: the operation types a transport serves, and the federation
   * SDL (`_service`), which is the whole schema, so it is gated like introspection: served when
   * introspection is on, otherwise only to principals with the `schema:read` scope (the router, the
   * composition pipeline).
   */
  checkOperation(
    operation: OperationDefinitionNode,
    document: DocumentNode,
    principal: Principal,
    transport: Transport,
  ): GraphQLError | undefined {
    if (operation.operation === 'mutation') {
      return badRequest(
        'This API is read-only: it has no mutations. Send a query (or a subscription over WebSocket or Server-Sent Events).',
      );
    }
    if (operation.operation === 'subscription' && transport === 'http') {
      return badRequest(
        'Subscriptions are served over WebSocket (graphql-ws protocol, on this same URL with ws:// or wss://) or Server-Sent Events (graphql-sse protocol: this same URL with Accept: text/event-stream), not as plain JSON.',
      );
    }
    if (
      !this.options.introspection &&
      !hasScope(principal, Scope.SCHEMA_READ) &&
      rootFieldNames(operation.selectionSet, document).has('_service')
    ) {
      return gatewayError(
        ErrorCode.FORBIDDEN,
        `The subgraph schema (_service) is served only to credentials with the ${Scope.SCHEMA_READ} scope while introspection is off; publish the schema from schema/__generated__/subgraph.graphql or use a key granted ${Scope.SCHEMA_READ}.`,
        { requiredScope: Scope.SCHEMA_READ, http: { status: 403 } },
      );
    }
    return undefined;
  }

  /** An execution result as every transport sends it: errors through the one formatter. */
  formatResult(result: { data?: unknown; errors?: readonly GraphQLError[]; extensions?: unknown }): FormattedExecutionResult {
    const { errors, ...rest } = result;
    return { ...(rest as FormattedExecutionResult), ...(errors && { errors: this.formatErrors(errors) }) };
  }

  formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => this.formatError(error.toJSON(), error));
  }

  /**
   * Apollo's side of `checkOperation`: the same refusals for HTTP GET and POST. The HTTP route has
   * applied `resolveDocument` before Apollo (src/http/trusted-documents.ts); in `require` mode this
   * also refuses any text that is not a listed document, should a request ever reach Apollo another way.
   */
  apolloPlugin(): ApolloServerPlugin<{ principal: Principal }> {
    const trusted = this.options.trustedDocuments;
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ operation, document, contextValue, source }) => {
          if (
            trusted?.mode === 'require' &&
            !hasScope(contextValue.principal, Scope.DOCUMENTS_ANY) &&
            (source === undefined || !trusted.byBody(source))
          ) {
            throw notInList(
              'This gateway serves trusted documents only (TRUSTED_DOCUMENTS_MODE=require); send the id of a listed document.',
            );
          }
          const refused = operation && this.checkOperation(operation, document, contextValue.principal, 'http');
          if (refused) throw refused;
        },
      }),
    };
  }
}

export function isRefusal<T extends object>(prepared: T | Refusal): prepared is Refusal {
  return 'errors' in prepared;
}

/** The HTTP status a refusal is answered with where the transport answers in HTTP (graphql-sse). */
export function refusalStatus(refusal: Refusal): number {
  const status = (refusal.errors[0]?.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 400;
}

function refuse(error: GraphQLError): Refusal {
  return { errors: [error] };
}

function badRequest(message: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_REQUEST, message, { http: { status: 400 } });
}

function notInList(message: string): GraphQLError {
  return gatewayError(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, message, { http: { status: 400 } });
}

function idRequired(message: string): GraphQLError {
  return gatewayError(ErrorCode.PERSISTED_QUERY_ID_REQUIRED, message, { http: { status: 400 } });
}

const PERSISTED_QUERY_FORM = '{"version": 1, "sha256Hash": "<id>"}';

/** The id in `extensions.persistedQuery` (Apollo Client's persisted-query link), undefined when there is none. */
function persistedQueryOf(extensions: unknown): string | undefined | 'malformed' {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (persisted === undefined || persisted === null) return undefined;
  const { version, sha256Hash } = (typeof persisted === 'object' ? persisted : {}) as { version?: unknown; sha256Hash?: unknown };
  return version === 1 && typeof sha256Hash === 'string' && sha256Hash !== '' ? sha256Hash : 'malformed';
}

/** The request with the listed text as its document and no id (`documentId`, `extensions.persistedQuery`) left. */
function withListedText(request: OperationRequest, body: string): OperationRequest {
  const rewritten: OperationRequest = { ...request, query: body };
  delete rewritten.documentId;
  if (typeof request.extensions === 'object' && request.extensions !== null) {
    const extensions: Record<string, unknown> = { ...request.extensions };
    delete extensions.persistedQuery;
    rewritten.extensions = Object.keys(extensions).length > 0 ? extensions : undefined;
  }
  if (rewritten.extensions === undefined) delete rewritten.extensions;
  return rewritten;
}

// As Apollo wraps them (its SyntaxError and ValidationError): the original stays reachable for asLimitExceeded.
function withCode(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code, http: { status: 400 } },
  });
}

/** Names of the root fields an operation selects, through inline fragments and fragment spreads. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode): Set<string> {
  const names = new Set<string>();
  eachField([selectionSet], fragmentsOf(document), (field) => names.add(field.name.value));
  return names;
}
