/**
 * Reads the credential scope of a SigV4 `Authorization` header. The signature itself is not
 * verified (the embedded IVS accepts any credentials); the scope matters because it carries the
 * region the client targeted, which is how the embedded IVS emulates one endpoint per region.
 */

export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=[^/\s,]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** `undefined` when the header is missing or not a well-formed SigV4 authorization. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  const match = authorization === undefined ? null : AUTHORIZATION.exec(authorization);
  if (!match) return undefined;
  const [, region = '', service = ''] = match;
  return { region, service };
}
