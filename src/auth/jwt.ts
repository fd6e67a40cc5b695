import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey, type RemoteJWKSet } from 'jose';
import type { Principal } from './principal.js';

export interface JwtConfig {
  /** Where the signing keys come from: a JWKS URL (fetched and cached) or a JWKS given inline. */
  keys: { kind: 'remote'; url: string } | { kind: 'local'; jwks: JSONWebKeySet };
  issuer: string;
  audience: string;
  /** Claim holding the scopes: a space-separated string (OAuth `scope`) or an array of strings. */
  scopesClaim: string;
  /** Claim holding the AWS account ids the token may read (array or space/comma-separated); unset: any. */
  accountsClaim?: string | undefined;
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

// Small allowance for clocks of the token issuer and this host that disagree slightly.
const CLOCK_TOLERANCE_SECONDS = 5;

/** Verifies bearer tokens: signature against the key set, `exp`/`nbf`, issuer and audience. */
export class JwtVerifier {
  private readonly getKey: JWTVerifyGetKey;
  private readonly remote: RemoteJWKSet | undefined;

  constructor(private readonly config: JwtConfig) {
    if (config.keys.kind === 'remote') {
      this.remote = createRemoteJWKSet(new URL(config.keys.url), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
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
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw toAuthError(error, this.remote !== undefined);
    }
    return {
      id: `jwt:${typeof payload.sub === 'string' ? payload.sub : '(no sub)'}`,
      kind: 'jwt',
      scopes: new Set(stringList(payload[this.config.scopesClaim], /\s+/)),
      accounts: this.config.accountsClaim !== undefined && payload[this.config.accountsClaim] !== undefined
        ? new Set(stringList(payload[this.config.accountsClaim], /[\s,]+/))
        : null,
      // jwtVerify required `exp` (and allows the same tolerance): sockets opened with this token are closed then (src/live/transports.ts).
      expiresAt: ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000,
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

function toAuthError(error: unknown, remote: boolean): AuthError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof errors.JWTExpired) return new AuthError(401, 'The bearer token has expired; get a new one from the issuer.', detail);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what =
      error.claim === 'aud' ? 'is for another audience (aud) than this API'
      : error.claim === 'iss' ? 'comes from another issuer (iss) than the one this API trusts'
      : error.claim === 'exp' ? 'has no expiry (exp); tokens must expire'
      : error.claim === 'nbf' ? 'is not valid yet (nbf)'
      : `has an invalid "${error.claim}" claim`;
    return new AuthError(401, `The bearer token ${what}.`, detail);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthError(401, 'The bearer token\'s signature does not verify against the keys this API trusts.', detail);
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
