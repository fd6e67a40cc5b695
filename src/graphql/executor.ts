import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { printSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Metrics } from '../platform/metrics.js';
import { orderDependsOnConditions } from './conditional-order.js';
import { runRootFieldsInOperation } from './tracing.js';

/** GRAPHQL_EXECUTOR: how validated operations run. */
export const EXECUTOR_KINDS = ['jit', 'graphql-js'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

/** Why an operation ran the way it did: the `reason` label of ivs_gateway_graphql_executions_total. */
export type ExecutionReason = 'compiled' | 'configured' | 'traced' | 'warming' | 'unsupported' | 'errors';

/** What one execution needs besides graphql-js's arguments. */
export interface ExecutionOptions {
  /**
   * Field-level instrumentation is on (Apollo's inline `ftv1` trace, TRACE_RESOLVERS): Apollo wraps
   * the schema's resolvers for it, which a compiled query cannot see, so these run on graphql-js.
   */
  traced: boolean;
  /** The document's hash when the caller has one (Apollo's queryHash); otherwise it is computed from the document's text. */
  queryHash?: string | undefined;
}

// A document graphql-jit could not compile: remembered, so it is not tried again.
const UNSUPPORTED = Symbol('unsupported');

/**
 * Runs validated operations, compiled by graphql-jit (each operation once, kept in a bounded LRU by
 * document hash and operation name) or on graphql-js where that is asked for or needed. Every
 * transport's queries come here (Apollo's HTTP pipeline through `gateway()`, graphql-ws and
 * graphql-sse through `execute`); subscriptions stay on graphql-js's `subscribe`.
 *
 * An operation is compiled on its execution after `compileAfter` ones on graphql-js: compiling costs
 * about as much as parsing and validating (three times as much for large documents), which a document
 * sent once, as a hostile client would send each, should not pay for.
 *
 * Parsing, validation, error formatting and plugins stay Apollo's (and the guard's): only execution
 * changes, and test/equivalence/executors.test.ts holds both executors to byte-identical responses.
 */
export class OperationExecutor {
  // An operation's compiled form, UNSUPPORTED, or how many times it ran before it is due to be compiled.
  private readonly compiled: LRUCache<string, CompiledQuery | typeof UNSUPPORTED | number>;
  // Documents reused by the caller (Apollo's document store, trusted documents) are hashed once.
  private readonly hashes = new WeakMap<object, string>();

  /**
   * @param schema The schema graphql-jit compiles against. Give it a schema of its own (built from the
   *   same SDL and resolvers as Apollo's): Apollo wraps its schema's resolvers in place once a request
   *   asks for field instrumentation, and compiled queries would then pay for that wrapper on every field.
   */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: { kind: ExecutorKind; maxCompiled: number; compileAfter: number; metrics: Metrics },
  ) {
    this.compiled = new LRUCache({ max: options.maxCompiled });
    // The operation's trace context reaches the loads its root fields start, as on Apollo's schema (src/graphql/tracing.ts).
    runRootFieldsInOperation(schema);
  }

  /** Operations kept now, compiled or on their way to be (at most COMPILED_OPERATIONS_MAX). */
  get compiledOperations(): number {
    return this.compiled.size;
  }

  /** graphql-js's `execute`, compiled where it can be: graphql-ws and graphql-sse take this as their `execute`. */
  execute(args: ExecutionArgs, options: ExecutionOptions): ExecutionResult | Promise<ExecutionResult> {
    const configured = this.options.kind === 'graphql-js' ? 'configured' : options.traced ? 'traced' : undefined;
    const form = configured ? undefined : this.compile(args, options.queryHash);
    const compiled = typeof form === 'object' ? form : undefined;
    const reason: ExecutionReason = configured ?? (compiled ? 'compiled' : form === 'warming' ? 'warming' : 'unsupported');
    this.options.metrics.graphqlExecutions.inc({ executor: compiled ? 'jit' : 'graphql-js', reason });
    const result = compiled
      ? then(compiled.query(args.rootValue, args.contextValue, args.variableValues ?? {}), (settled) => this.asGraphqlJs(settled, args))
      : execute(args);
    return then(result, inDocumentOrder);
  }

  /**
   * graphql-jit's result as graphql-js gives it. Without `data` (variables that do not coerce) or with
   * `data: null` (an error reached a non-null root field), graphql-js answers, run again with the same
   * context: graphql-jit words variable errors differently (and without the AST nodes Apollo reads
   * BAD_USER_INPUT from), and keeps errors graphql-js leaves out once `data` is null. The re-run costs
   * no IVS call: the request's loaders hold every answer and failure of the first run. Field errors
   * become graphql-js's own GraphQLError: graphql-jit's imitation has no `extensions` when the error
   * thrown had none, which Apollo's formatter needs.
   */
  private asGraphqlJs(result: ExecutionResult, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
    if (!result.errors?.length) return result;
    if (!('data' in result) || result.data === null) {
      this.options.metrics.graphqlExecutions.inc({ executor: 'graphql-js', reason: 'errors' });
      return execute(args);
    }
    return { ...result, errors: result.errors.map(asGraphqlJsError) };
  }

  /**
   * Apollo Server's gateway interface over this executor: Apollo parses, validates, runs its plugins
   * and formats errors as with a plain schema, and hands each validated operation to `execute`.
   */
  gateway(apiSchema: GraphQLSchema, traceResolvers: boolean): GatewayInterface {
    const executor: GatewayExecutor = async (request) => {
      const args: ExecutionArgs = {
        schema: apiSchema,
        document: request.document,
        operationName: request.request.operationName,
        variableValues: request.request.variables,
        contextValue: request.context,
      };
      // No operation of that name (or several and no name): nothing runs, graphql-js words the refusal as Apollo expects.
      if (!request.operation) return execute(args);
      // Apollo's inline trace plugin sets captureTraces for requests the router asked to trace (ftv1).
      return this.execute(args, { traced: traceResolvers || request.metrics.captureTraces === true, queryHash: request.queryHash });
    };
    let listener: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | undefined;
    return {
      onSchemaLoadOrUpdate(callback) {
        listener = callback;
        return () => {
          listener = undefined;
        };
      },
      async load() {
        listener?.({ apiSchema, coreSupergraphSdl: printSubgraphSchema(apiSchema) });
        return { executor };
      },
      async stop() {},
    };
  }

  /** The compiled form, compiling it on this execution if it is due; `warming` until then (undefined: not compilable). */
  private compile(args: ExecutionArgs, queryHash: string | undefined): CompiledQuery | 'warming' | undefined {
    const key = `${queryHash ?? this.hashOf(args.document)}:${args.operationName ?? ''}`;
    let entry = this.compiled.get(key);
    if (typeof entry === 'number' || entry === undefined) {
      const executions = entry ?? 0;
      if (executions < this.options.compileAfter) {
        this.compiled.set(key, executions + 1);
        return 'warming';
      }
      entry = this.compiledForm(args);
      this.compiled.set(key, entry);
    }
    return entry === UNSUPPORTED ? undefined : entry;
  }

  private compiledForm(args: ExecutionArgs): CompiledQuery | typeof UNSUPPORTED {
    if (orderDependsOnConditions(args.document)) return UNSUPPORTED;
    try {
      const result = compileQuery(this.schema, args.document, args.operationName ?? undefined);
      return isCompiledQuery(result) ? result : UNSUPPORTED;
    } catch {
      // A compiler failure on a valid document is graphql-jit's limitation: graphql-js serves it.
      return UNSUPPORTED;
    }
  }

  private hashOf(document: ExecutionArgs['document']): string {
    let hash = this.hashes.get(document);
    if (hash === undefined) {
      // Apollo's queryHash is the sha256 of the text too, so one operation has one entry whichever way it came.
      hash = createHash('sha256')
        .update(document.loc?.source.body ?? JSON.stringify(document))
        .digest('hex');
      this.hashes.set(document, hash);
    }
    return hash;
  }
}

function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (Object.getPrototypeOf(error) === GraphQLError.prototype) return error;
  // graphql-js takes the extensions of the error thrown, as graphql-jit meant to.
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError });
  // Without the AST nodes graphql-js computes these from; graphql-jit computed the same ones.
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

/**
 * Errors in the order of the fields they belong to in the document (then of list items), whichever
 * IVS answer came back first: graphql-js orders them by when each field failed, so the same request
 * could list the same errors in another order, and the two executors would schedule differently.
 */
function inDocumentOrder(result: ExecutionResult): ExecutionResult {
  if (!result.errors || result.errors.length < 2) return result;
  return { ...result, errors: [...result.errors].sort(byPosition) };
}

function byPosition(a: GraphQLError, b: GraphQLError): number {
  const [left, right] = [a.locations?.[0], b.locations?.[0]];
  if (!left || !right) return left ? 1 : right ? -1 : 0;
  if (left.line !== right.line) return left.line - right.line;
  if (left.column !== right.column) return left.column - right.column;
  const [pathA, pathB] = [a.path ?? [], b.path ?? []];
  for (let i = 0; i < Math.min(pathA.length, pathB.length); i++) {
    const [x, y] = [pathA[i]!, pathB[i]!];
    if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return pathA.length - pathB.length;
}

function then<T, R>(value: T | Promise<T>, next: (settled: T) => R | Promise<R>): R | Promise<R> {
  return isPromise(value) ? value.then(next) : next(value);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
