/**
 * Longest a client-supplied string (path, operation name, why authentication failed) is logged. An
 * operation name is one token whatever its length, so only MAX_BODY_BYTES bounds it otherwise.
 */
export const LOGGED_STRING_MAX_CHARS = 100;

/** The value, or its first LOGGED_STRING_MAX_CHARS characters and a marker saying how long it was. */
export function boundedForLog(value: string | null): string | null {
  return value !== null && value.length > LOGGED_STRING_MAX_CHARS
    ? `${value.slice(0, LOGGED_STRING_MAX_CHARS)}…[${value.length} chars]`
    : value;
}
