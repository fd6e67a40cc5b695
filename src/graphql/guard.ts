import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  Kind,
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
import { createErrorFormatter, type ErrorFormatter } from './format-error.js';

/** How an operation reached the gateway; plain HTTP has no event stream for subscriptions. */
export type Transport = 'http' | 'graphql-ws' | 'graphql-sse';

/** What a client sends, on any transport: GraphQL-over-HTTP's request parameters. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
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

/**
 * Every rule a document must pass before it runs, built once and applied on every way in: Apollo's
 * HTTP pipeline takes the parse options, validation rules, error formatter and plugin; graphql-ws
 * and graphql-sse call `prepare` from their `onSubscribe` hooks and `formatResult` on what they send.
 * The rules: the token limit (parser), the nesting of variables, armor's depth/alias/cost/directive limits, the introspection
 * gate, the `_service` gate, the operation types each transport serves, and one error formatter
 * (masking, suggestions).
 */
export class OperationGuard {
  readonly parseOptions: ParseOptions;
  readonly validationRules: readonly ValidationRule[];
  readonly formatError: ErrorFormatter;
  private readonly allRules: readonly ValidationRule[];

  constructor(
    limits: DocumentLimits,
    private readonly options: { introspection: boolean; logger: Logger },
  ) {
    const armor = createArmor(limits);
    this.parseOptions = armor.parseOptions;
    // The gate is graphql-js's own rule, so Apollo runs with `introspection: true` and this list decides.
    this.validationRules = [...armor.validationRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    this.allRules = [...specifiedRules, ...this.validationRules];
    this.formatError = createErrorFormatter(options.logger, { maskSuggestions: !options.introspection });
  }

  /**
   * Parses, validates and checks one operation for the transports Apollo does not serve. Parse and
   * validation errors carry Apollo's codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED), so a
   * refusal reads the same on every transport.
   */
  prepare(schema: GraphQLSchema, request: OperationRequest, principal: Principal, transport: Transport): PreparedOperation | Refusal {
    const { query, operationName, variables } = request;
    if (typeof query !== 'string' || query === '') {
      return refuse(
        badRequest('Send the operation\'s document as "query" (a non-empty string); persisted queries are served over HTTP only.'),
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
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return refuse(withCode(error, 'GRAPHQL_PARSE_FAILED'));
    }
    const invalid = validate(schema, document, this.allRules);
    if (invalid.length > 0) return { errors: invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) };
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

  /** Apollo's side of `checkOperation`: the same refusals for HTTP GET and POST. */
  apolloPlugin(): ApolloServerPlugin<{ principal: Principal }> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ operation, document, contextValue }) => {
          const refused = operation && this.checkOperation(operation, document, contextValue.principal, 'http');
          if (refused) throw refused;
        },
      }),
    };
  }
}

export function isRefusal(prepared: PreparedOperation | Refusal): prepared is Refusal {
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
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return names;
}
