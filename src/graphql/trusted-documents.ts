import { parse, validate, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';

/**
 * `require`: only the manifest's documents run (sent by id), except for credentials with the
 * `documents:any` scope; `allow`: ids are served and free-form documents still run (a roll-out step).
 */
export type TrustedDocumentsMode = 'allow' | 'require';
export const TRUSTED_DOCUMENTS_MODES: readonly TrustedDocumentsMode[] = ['allow', 'require'];

/** One entry of a manifest, as read from the file (not yet parsed or validated). */
export interface TrustedDocumentEntry {
  id: string;
  /** The operation's name in an Apollo manifest; `null` in a Relay map. */
  name: string | null;
  body: string;
}

/** A listed document, parsed and validated once at start-up. */
export interface TrustedDocument {
  id: string;
  name: string | null;
  body: string;
  document: DocumentNode;
}

/** A manifest that cannot be served: the message names the entry (one line). */
export class TrustedDocumentsError extends Error {}

const APOLLO_FORMAT = 'apollo-persisted-query-manifest';
const EXPECTED = `must be an Apollo persisted query manifest ({"format": "${APOLLO_FORMAT}", "version": 1, "operations": [{"id", "name", "type", "body"}]}) or a Relay map ({"<id>": "<document>"})`;

/**
 * The entries of a manifest in either format `@apollo/generate-persisted-query-manifest` (Apollo
 * Client's persisted-query lists) or Relay's persisted-queries map (`{"<id>": "<document>"}`) writes.
 * Throws TrustedDocumentsError saying what is wrong and where.
 */
export function parseManifest(json: unknown): TrustedDocumentEntry[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TrustedDocumentsError(EXPECTED);
  const record = json as Record<string, unknown>;
  let entries: TrustedDocumentEntry[];
  if ('format' in record || 'operations' in record) {
    if (record.format !== APOLLO_FORMAT) throw new TrustedDocumentsError(`"format" must be "${APOLLO_FORMAT}"; it ${EXPECTED}`);
    if (record.version !== 1) throw new TrustedDocumentsError('"version" must be 1 (the only manifest version there is)');
    if (!Array.isArray(record.operations))
      throw new TrustedDocumentsError('"operations" must be an array of {"id", "name", "type", "body"}');
    entries = record.operations.map((operation: unknown, index) => {
      const { id, name, body } = (typeof operation === 'object' && operation !== null ? operation : {}) as Record<string, unknown>;
      if (typeof id !== 'string' || id === '') throw new TrustedDocumentsError(`operations[${index}].id must be a non-empty string`);
      if (typeof body !== 'string' || body === '') throw new TrustedDocumentsError(`operations[${index}].body must be a non-empty string`);
      if (name !== undefined && name !== null && typeof name !== 'string') {
        throw new TrustedDocumentsError(`operations[${index}].name must be a string`);
      }
      return { id, name: name ?? null, body };
    });
  } else {
    entries = Object.entries(record).map(([id, body]) => {
      if (typeof body !== 'string' || body === '')
        throw new TrustedDocumentsError(`${JSON.stringify(id)} must map to a document (a non-empty string); the file ${EXPECTED}`);
      if (id === '') throw new TrustedDocumentsError('an id is empty');
      return { id, name: null, body };
    });
  }
  if (entries.length === 0) throw new TrustedDocumentsError('lists no operations (an empty list would refuse every document)');
  const bodies = new Map<string, string>();
  for (const { id, body } of entries) {
    if (bodies.has(id) && bodies.get(id) !== body)
      throw new TrustedDocumentsError(`the id ${JSON.stringify(id)} is listed twice, with different documents`);
    bodies.set(id, body);
  }
  return entries;
}

/** How entries are checked: the operation guard's parse options and every validation rule it applies. */
export interface DocumentRules {
  parseOptions: ParseOptions;
  rules: readonly ValidationRule[];
}

/**
 * The operation allow-list: every listed document parsed and validated once, against the schema and
 * with the guard's rules (document limits, the introspection gate), kept by id and by exact text.
 */
export class TrustedDocuments {
  private readonly byIdMap = new Map<string, TrustedDocument>();
  private readonly byBodyMap = new Map<string, TrustedDocument>();

  private constructor(readonly mode: TrustedDocumentsMode) {}

  /** Throws TrustedDocumentsError naming the first entry that does not parse or validate. */
  static build(
    entries: readonly TrustedDocumentEntry[],
    mode: TrustedDocumentsMode,
    schema: GraphQLSchema,
    rules: DocumentRules,
  ): TrustedDocuments {
    const trusted = new TrustedDocuments(mode);
    for (const { id, name, body } of entries) {
      if (trusted.byIdMap.has(id)) continue;
      const what = `operation ${name ? `"${name}" (id ${id})` : `id ${id}`}`;
      let document: DocumentNode;
      try {
        document = parse(body, rules.parseOptions);
      } catch (error) {
        throw new TrustedDocumentsError(`${what} does not parse: ${oneLine(error)}`);
      }
      const [invalid] = validate(schema, document, rules.rules);
      if (invalid) throw new TrustedDocumentsError(`${what} does not validate: ${oneLine(invalid)}`);
      const entry = { id, name, body, document };
      trusted.byIdMap.set(id, entry);
      if (!trusted.byBodyMap.has(body)) trusted.byBodyMap.set(body, entry);
    }
    return trusted;
  }

  get size(): number {
    return this.byIdMap.size;
  }

  byId(id: string): TrustedDocument | undefined {
    return this.byIdMap.get(id);
  }

  /** The listed document whose text is exactly `body` (no normalization: the text as the manifest has it). */
  byBody(body: string): TrustedDocument | undefined {
    return this.byBodyMap.get(body);
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const location = (error as { locations?: ReadonlyArray<{ line: number; column: number }> }).locations?.[0];
  return `${message.replace(/\s+/g, ' ').trim()}${location ? ` (line ${location.line}, column ${location.column})` : ''}`;
}
