import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '../kernel/errors.js';

/** Limits on the operation document, checked before any resolver runs. */
export interface DocumentLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxDirectives: number;
}

/** A document refused by a limit; becomes `extensions.code: LIMIT_EXCEEDED` (HTTP 400). */
export class LimitError extends GraphQLError {
  constructor(message: string, limit: string) {
    super(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit } });
  }
}

const HINTS = {
  maxDepth: ['MAX_DEPTH', 'nest fewer levels of fields'],
  maxAliases: ['MAX_ALIASES', 'use fewer aliases, or split the operation'],
  costLimit: ['MAX_COST', 'select fewer fields, or ask for smaller pages (first: multiplies the cost of what it pages)'],
  maxDirectives: ['MAX_DIRECTIVES', 'use fewer directives'],
} as const;

/** armor's onReject callback: the validation context (null outside validation) and armor's own error. */
type RejectCallback = (context: ValidationContext | null, error: GraphQLError) => void;

function reportAs(limit: keyof typeof HINTS): RejectCallback {
  const [variable, hint] = HINTS[limit];
  return (context, error) => {
    const what = error.message.replace(/^Syntax Error: /, '').replace(/\.$/, '');
    context?.reportError(new LimitError(`${what} (${variable}); ${hint}.`, limit));
  };
}

/**
 * Parse and validation limits through graphql-armor: depth, aliases, cost and directives as
 * validation rules (field suggestions are masked by the gateway's one error formatter,
 * src/graphql/format-error.ts, so that it holds on every transport). Fragments
 * are flattened (a spread costs what its fields cost, no extra level) and `__schema` introspection
 * is exempt from depth and cost, so GraphiQL's introspection passes.
 *
 * Tokens are limited by graphql-js's own parser option (`parseOptions.maxTokens`, the check armor's
 * max-tokens plugin re-implements): armor's Apollo plugin throws from a `parsingDidStart` hook, which
 * Apollo answers as an unexpected error with HTTP 500, while the parser's limit is a syntax error
 * (HTTP 400) and stops parsing at the limit.
 */
export function createArmor(limits: DocumentLimits): {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const callbacks = (limit: keyof typeof HINTS) => ({ propagateOnRejection: false, onReject: [reportAs(limit)], exposeLimits: true });
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...callbacks('maxDepth') },
    maxAliases: { n: limits.maxAliases, ...callbacks('maxAliases') },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, flattenFragments: true, ...callbacks('costLimit') },
    maxDirectives: { n: limits.maxDirectives, ...callbacks('maxDirectives') },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

// graphql-js: "Document contains more that 1000 tokens. Parsing aborted." (sic)
const TOO_MANY_TOKENS = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * Apollo reports a validation rule's error as GRAPHQL_VALIDATION_FAILED and the parser's token limit
 * as GRAPHQL_PARSE_FAILED; both are limits, reported as LIMIT_EXCEEDED. Undefined for other errors.
 */
export function asLimitExceeded(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof LimitError) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.LIMIT_EXCEEDED } };
  }
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
  if (tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens (MAX_TOKENS); send a smaller document, or split the operation.`,
      extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit: 'maxTokens' },
    };
  }
  return undefined;
}
