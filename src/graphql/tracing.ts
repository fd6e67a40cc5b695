import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { context, SpanStatusCode, trace, type Context as TraceContext, type Span } from '@opentelemetry/api';
import { defaultFieldResolver, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { errorCodeOf } from '../kernel/errors.js';
import { boundedForLog } from '../platform/log-strings.js';
import { tracer } from '../platform/telemetry.js';

/**
 * The GraphQL operation's span (docs/observability.md), on every transport: Apollo's plugin below for
 * HTTP, `startOperationSpan` for WebSocket and SSE operations (src/http/subscriptions.ts).
 *
 * Apollo's hooks cannot make a span the active one for the execution that follows them, so the
 * operation's trace context is kept per GraphQL context object and the schema's root fields are
 * wrapped to run their resolvers in it: the loads a root field starts (cache, IVS) are children of
 * the operation. Fields resolved later (nested loads) run in the HTTP request's context: same trace.
 */
const OPERATION_CONTEXTS = new WeakMap<object, TraceContext>();
const WRAPPED = new WeakSet<GraphQLSchema>();

export interface OperationSpanFields {
  operationName: string | null | undefined;
  operationType: string | undefined;
  /** The document's text (hashed, never recorded), or its parsed form (hashed from its source). */
  document?: string | DocumentNode | undefined;
  transport?: string;
}

/** Starts the operation's span, child of the active context, and binds it to the GraphQL context's resolvers. */
export function startOperationSpan(contextValue: object, fields: OperationSpanFields): Span {
  const span = tracer.startSpan('GraphQL Operation', { attributes: fields.transport ? { 'gateway.transport': fields.transport } : {} });
  nameOperationSpan(span, fields);
  OPERATION_CONTEXTS.set(contextValue, trace.setSpan(context.active(), span));
  return span;
}

/** Ends the operation's span with the codes of the errors sent (status ERROR when there were any). */
export function endOperationSpan(span: Span, errorCodes: readonly string[]): void {
  if (errorCodes.length > 0) {
    span.setAttribute('gateway.graphql.error_codes', [...new Set(errorCodes)]);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodes[0] });
  }
  span.end();
}

function nameOperationSpan(span: Span, { operationName, operationType, document }: OperationSpanFields): void {
  if (!span.isRecording()) return;
  const name = boundedForLog(operationName ?? null);
  if (operationType) span.setAttribute('graphql.operation.type', operationType);
  if (name) span.setAttribute('graphql.operation.name', name);
  if (operationType) span.updateName(name ? `${operationType} ${name}` : operationType);
  const text = typeof document === 'string' ? document : document?.loc?.source.body;
  if (text !== undefined) span.setAttribute('graphql.document.hash', `sha256:${createHash('sha256').update(text).digest('hex')}`);
}

/**
 * The operation span of HTTP requests, from Apollo's hooks: name (bounded), type, document hash
 * (sha256 of its text, as persisted queries name it); never variables. `traceResolvers`
 * (TRACE_RESOLVERS): a span per resolved field too, costly, off by default.
 */
export function tracingPlugin<C extends BaseContext>({ traceResolvers }: { traceResolvers: boolean }): ApolloServerPlugin<C> {
  return {
    async serverWillStart({ schema }) {
      runRootFieldsInOperation(schema);
    },
    async requestDidStart({ contextValue }) {
      const span = startOperationSpan(contextValue, { operationName: undefined, operationType: undefined });
      return {
        async didResolveOperation({ operationName, operation, source }) {
          nameOperationSpan(span, { operationName, operationType: operation?.operation, document: source });
        },
        async willSendResponse({ response }) {
          endOperationSpan(span, sentErrorCodes(response));
        },
        ...(traceResolvers && {
          async executionDidStart() {
            const parent = OPERATION_CONTEXTS.get(contextValue) ?? context.active();
            return {
              willResolveField({ info }) {
                const field = tracer.startSpan(
                  `resolve ${info.parentType.name}.${info.fieldName}`,
                  { attributes: { 'graphql.field.name': info.fieldName, 'graphql.field.type': String(info.returnType) } },
                  parent,
                );
                return (error) => {
                  if (error) field.setStatus({ code: SpanStatusCode.ERROR });
                  field.end();
                };
              },
            };
          },
        }),
      };
    },
  };
}

/** The codes of the errors a response carries, as they are sent (after the error formatter). */
export function sentErrorCodes(response: GraphQLResponse): string[] {
  return response.body.kind === 'single' ? (response.body.singleResult.errors ?? []).map(errorCodeOf) : [];
}

/** Wraps the root fields' resolvers (once per schema) to run in their operation's trace context. */
export function runRootFieldsInOperation(schema: GraphQLSchema): void {
  if (WRAPPED.has(schema)) return;
  WRAPPED.add(schema);
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      field.resolve = inOperation(field.resolve ?? defaultFieldResolver);
      if (field.subscribe) field.subscribe = inOperation(field.subscribe);
    }
  }
}

function inOperation(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, contextValue, info) => {
    const operation = typeof contextValue === 'object' && contextValue !== null ? OPERATION_CONTEXTS.get(contextValue) : undefined;
    return operation
      ? context.with(operation, resolve, undefined, source, args, contextValue, info)
      : resolve(source, args, contextValue, info);
  };
}
