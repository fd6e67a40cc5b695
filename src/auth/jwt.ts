import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from 'jose';
import type { Principal } from './principal.js';

export interface JwtConfig {
  /** Where the signing keys come from: a JWKS URL (fetched and cached) or a JWKS given inline. */
  keys: { kind: 'remote'; url: string } | { kind: 'local'; jwks: JSONWebKeySet };
  issuer: string;
  audience: string;
  /** Claim holding the scopes: a space-separated string (OAuth `scope`) or an array of strings. */
  scopesClaim: string;
  /**
   * Claim holding the AWS account ids the token may read (array or space/comma-separated; `*`: every
   * account); unset: any. A token without the claim reads no account.
   */
  accountsClaim?: string | undefined;
  /** Longest lifetime accepted, seconds: `exp - iat`, time since `iat`, and time until `exp`. */
  maxTokenAgeSeconds: number;
  /** The `typ` header tokens must carry (such as at+jwt); unset: not checked. */
  typ?: string | undefined;
}

/** Why authentication failed: 401 (the credential) or 503 (the key set could not be fetched). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 503,
    message: string,
    /** For the log only. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

const MAX_SUBJECT_LENGTH = 255;

// Small allowance for clocks of the token issuer and this host that disagree slightly.
const CLOCK_TOLERANCE_SECONDS = 5;

/** Verifies bearer tokens: signature against the key set, `exp`/`iat`/`nbf` and lifetime, issuer, audience, `typ`. */
export class JwtVerifier {
  private readonly getKey: JWTVerifyGetKey;
  private readonly remote: RemoteJWKSet | undefined;

  constructor(private readonly config: JwtConfig) {
    if (config.keys.kind === 'remote') {
      this.remote = createRemoteJWKSet(new URL(config.keys.url), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
      });
      this.getKey = this.remote;
    } else {
      this.getKey = createLocalJWKSet(config.keys.jwks);
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        // `iat` is required (maxTokenAge needs it): a token's lifetime is only known from it.
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: this.config.maxTokenAgeSeconds,
        ...(this.config.typ !== undefined && { typ: this.config.typ }),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw toAuthError(error, this.remote !== undefined, this.config);
    }
    // jose checked the time since `iat` (and that it is not in the future); a token issued for longer is
    // refused too, rather than served until its age is reached. This also bounds `exp` from now.
    const exp = payload.exp as number;
    const max = this.config.maxTokenAgeSeconds;
    if (exp - (payload.iat as number) > max) {
      throw new AuthError(
        401,
        `The bearer token is valid for longer than the ${max} seconds this API accepts; get a token with a shorter lifetime.`,
        `exp - iat = ${exp - (payload.iat as number)}`,
      );
    }
    // The subject becomes the principal's id: logged, and a key of per-principal counts. OpenID Connect caps it at 255.
    if (typeof payload.sub === 'string' && payload.sub.length > MAX_SUBJECT_LENGTH) {
      throw new AuthError(
        401,
        `The bearer token's subject (sub) is longer than ${MAX_SUBJECT_LENGTH} characters.`,
        `sub of ${payload.sub.length} characters`,
      );
    }
    return {
      id: `jwt:${typeof payload.sub === 'string' ? payload.sub : '(no sub)'}`,
      kind: 'jwt',
      scopes: new Set(stringList(payload[this.config.scopesClaim], /\s+/)),
      accounts: accountsOf(payload, this.config.accountsClaim),
      // jwtVerify required `exp` (and allows the same tolerance): sockets opened with this token are closed then (src/http/subscriptions.ts).
      expiresAt: (exp + CLOCK_TOLERANCE_SECONDS) * 1000,
    };
  }

  /** For readiness: true when the key set is usable (a remote one is fetched if it never was). */
  async keysAvailable(): Promise<boolean> {
    if (!this.remote) return true;
    if (this.remote.jwks() !== undefined) return true;
    try {
      await this.remote.reload();
      return this.remote.jwks() !== undefined;
    } catch {
      return false;
    }
  }
}

function stringList(value: unknown, separator: RegExp): string[] {
  if (typeof value === 'string') return value.split(separator).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const AWS_ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * The AWS accounts a token may read: `null` (every account) when no accounts claim is configured or
 * the claim holds `*`. Fail closed: a token without the claim (an identity provider that forgot to map
 * it) reads no account. Anything but 12-digit account ids and `*` is refused, not ignored.
 */
function accountsOf(payload: JWTPayload, claim: string | undefined): ReadonlySet<string> | null {
  if (claim === undefined) return null;
  const value = payload[claim];
  if (value === undefined) return new Set();
  const ids: unknown[] | undefined =
    typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : Array.isArray(value) ? value : undefined;
  if (ids === undefined || ids.some((id) => typeof id !== 'string' || (id !== '*' && !AWS_ACCOUNT_ID.test(id)))) {
    throw new AuthError(401, `The bearer token's "${claim}" claim must hold 12-digit AWS account ids, or * for every account.`);
  }
  return ids.includes('*') ? null : new Set(ids as string[]);
}

function toAuthError(error: unknown, remote: boolean, config: JwtConfig): AuthError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? new AuthError(
          401,
          `The bearer token is older (iat) than the ${config.maxTokenAgeSeconds} seconds this API accepts; get a new one from the issuer.`,
          detail,
        )
      : new AuthError(401, 'The bearer token has expired; get a new one from the issuer.', detail);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what =
      error.claim === 'aud'
        ? 'is for another audience (aud) than this API'
        : error.claim === 'iss'
          ? 'comes from another issuer (iss) than the one this API trusts'
          : error.claim === 'exp'
            ? 'has no expiry (exp); tokens must expire'
            : error.claim === 'iat' && error.reason === 'missing'
              ? 'has no issue time (iat); tokens must carry one'
              : error.claim === 'iat'
                ? 'is issued in the future (iat)'
                : error.claim === 'nbf'
                  ? 'is not valid yet (nbf)'
                  : error.claim === 'typ'
                    ? `is not of the type this API accepts (its typ header must be "${config.typ}")`
                    : `has an invalid "${error.claim}" claim`;
    return new AuthError(401, `The bearer token ${what}.`, detail);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new AuthError(401, "The bearer token's signature does not verify against the keys this API trusts.", detail);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthError(401, 'The bearer token is signed with an algorithm this API does not accept.', detail);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new AuthError(401, 'The bearer token is not a well-formed signed JWT.', detail);
  }
  // A remote key set that cannot be fetched (timeout, HTTP error, not a JWKS) is our problem, not the caller's.
  if (remote) return new AuthError(503, 'The keys to verify bearer tokens could not be fetched; try again shortly.', detail);
  return new AuthError(401, 'The bearer token could not be verified.', detail);
}
