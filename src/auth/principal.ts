import { ErrorCode, gatewayError } from '../kernel/errors.js';

/**
 * What a credential may do. `sessions:read`: every IVS-backed field; `ingest:secrets`: `srt.passphrase`;
 * `schema:read`: the federation SDL (`_service`) while introspection is off (for the router);
 * `documents:any`: documents that are not trusted ones while TRUSTED_DOCUMENTS_MODE=require (operators, GraphiQL).
 */
export const Scope = {
  SESSIONS_READ: 'sessions:read',
  INGEST_SECRETS: 'ingest:secrets',
  SCHEMA_READ: 'schema:read',
  DOCUMENTS_ANY: 'documents:any',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const SCOPES: readonly Scope[] = Object.values(Scope);

/** Who is asking: the result of authentication, carried in the GraphQL context. */
export interface Principal {
  /** The API key's configured id, the token's `sub` (prefixed `jwt:`), or `anonymous`. Safe to log. */
  readonly id: string;
  readonly kind: 'api-key' | 'jwt' | 'anonymous';
  readonly scopes: ReadonlySet<string>;
  /** AWS account ids this principal may read; `null` means any account. */
  readonly accounts: ReadonlySet<string> | null;
  /** When the credential stops being valid (ms since the epoch): a JWT's `exp`; `null` for credentials that do not expire. */
  readonly expiresAt: number | null;
}

/** Anonymous callers (when ALLOW_ANONYMOUS is on) may read sessions, never stream secrets. */
export const ANONYMOUS: Principal = Object.freeze({
  id: 'anonymous',
  kind: 'anonymous',
  scopes: new Set<string>([Scope.SESSIONS_READ]),
  accounts: null,
  expiresAt: null,
});

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope);
}

function describe(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous access' : `the credentials presented (${principal.id})`;
}

/** FORBIDDEN unless the principal holds `scope`; `what` names what the scope protects. */
export function requireScope(principal: Principal, scope: Scope, what: string): void {
  if (hasScope(principal, scope)) return;
  throw gatewayError(
    ErrorCode.FORBIDDEN,
    `${what} needs the ${scope} scope, which ${describe(principal)} ${principal.kind === 'anonymous' ? 'never has' : 'do not have'}; use an API key or token granted ${scope}.`,
    { requiredScope: scope },
  );
}

/** FORBIDDEN unless the principal may read IVS data (`sessions:read`): every IVS-backed field and subscription. */
export function requireRead(principal: Principal): void {
  requireScope(principal, Scope.SESSIONS_READ, 'Reading IVS data');
}

export function mayReadAccount(principal: Principal, accountId: string): boolean {
  return principal.accounts === null || principal.accounts.has(accountId);
}

/** FORBIDDEN, without any IVS call, when the principal is restricted to other AWS accounts. */
export function requireAccount(principal: Principal, accountId: string, resource: string): void {
  if (mayReadAccount(principal, accountId)) return;
  throw gatewayError(
    ErrorCode.FORBIDDEN,
    `${resource} belongs to AWS account ${accountId}, which ${describe(principal)} may not read; ask for resources of the accounts the credentials are granted.`,
    { accountId },
  );
}
