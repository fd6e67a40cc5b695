import { ApiKeyStore, type ApiKeyEntry } from './api-keys.js';
import { AuthError, JwtVerifier, type JwtConfig } from './jwt.js';
import { ANONYMOUS, type Principal } from './principal.js';

export interface AuthConfig {
  /** Requests without credentials get the anonymous principal (sessions:read only) instead of 401. */
  allowAnonymous: boolean;
  apiKeys: readonly ApiKeyEntry[];
  jwt: JwtConfig | null;
}

const REALM = 'realm="ivs-graphql-gateway"';

/** Turns a request's credentials into a Principal, or an AuthError (401, or 503 when the key set is unreachable). */
export class Authenticator {
  readonly jwt: JwtVerifier | null;
  private readonly keys: ApiKeyStore;

  constructor(private readonly config: AuthConfig) {
    this.keys = new ApiKeyStore(config.apiKeys);
    this.jwt = config.jwt ? new JwtVerifier(config.jwt) : null;
  }

  /** Is there any way to authenticate? (false with no keys, no JWT and anonymous off: everything gets 401) */
  get acceptsAnyone(): boolean {
    return this.config.allowAnonymous || this.keys.size > 0 || this.jwt !== null;
  }

  /** `WWW-Authenticate` challenges for a 401. */
  get challenges(): string[] {
    return [...(this.jwt ? [`Bearer ${REALM}`] : []), `ApiKey ${REALM}`];
  }

  /** The same check over any header source: HTTP requests, WebSocket connection parameters, SSE requests. */
  async authenticateHeaders(header: (name: 'authorization' | 'x-api-key') => string | undefined): Promise<Principal> {
    const authorization = header('authorization');
    const apiKeyHeader = header('x-api-key');
    if (authorization !== undefined && apiKeyHeader !== undefined) {
      throw new AuthError(401, 'Send one credential: either an x-api-key header or an Authorization header, not both.');
    }
    if (apiKeyHeader !== undefined) return this.apiKey(apiKeyHeader);
    if (authorization !== undefined) {
      const match = /^([A-Za-z]+) +(\S+) *$/.exec(authorization);
      const scheme = match?.[1]?.toLowerCase();
      if (scheme === 'apikey') return this.apiKey(match![2]!);
      if (scheme === 'bearer') {
        if (!this.jwt)
          throw new AuthError(
            401,
            'This gateway does not accept bearer tokens (no JWT key set is configured); send an API key as x-api-key: <key>.',
          );
        return this.jwt.verify(match![2]!);
      }
      throw new AuthError(401, 'The Authorization header must be "Bearer <JWT>" or "ApiKey <key>".');
    }
    if (this.config.allowAnonymous) return ANONYMOUS;
    throw new AuthError(
      401,
      `Authentication required: send an API key as x-api-key: <key> (or Authorization: ApiKey <key>)${this.jwt ? ', or a JWT as Authorization: Bearer <token>' : ''}.`,
    );
  }

  private apiKey(key: string): Principal {
    const principal = key.length > 0 && key.length <= 1024 ? this.keys.authenticate(key) : null;
    if (!principal) throw new AuthError(401, 'The API key is not valid.');
    return principal;
  }
}
