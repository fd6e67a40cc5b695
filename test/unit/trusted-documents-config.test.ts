import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-config-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const APOLLO = JSON.stringify({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: 'a1', name: 'Q', type: 'query', body: 'query Q { __typename }' }],
});

describe('TRUSTED_DOCUMENTS and TRUSTED_DOCUMENTS_MODE', () => {
  it('reads an Apollo manifest or a Relay map; the mode is require unless told allow, in production or not', () => {
    const apollo = file('apollo.json', APOLLO);
    expect(loadConfig({ TRUSTED_DOCUMENTS: apollo }).trustedDocuments).toEqual({
      file: apollo,
      mode: 'require',
      entries: [{ id: 'a1', name: 'Q', body: 'query Q { __typename }' }],
    });
    expect(loadConfig({ TRUSTED_DOCUMENTS: apollo, NODE_ENV: 'production' }).trustedDocuments?.mode).toBe('require');
    expect(loadConfig({ TRUSTED_DOCUMENTS: apollo, TRUSTED_DOCUMENTS_MODE: 'allow' }).trustedDocuments?.mode).toBe('allow');
    const relay = file('relay.json', JSON.stringify({ r1: '{ __typename }' }));
    expect(loadConfig({ TRUSTED_DOCUMENTS: relay }).trustedDocuments?.entries).toEqual([{ id: 'r1', name: null, body: '{ __typename }' }]);
    expect(loadConfig({}).trustedDocuments).toBeNull();
  });

  it.each([
    [{ TRUSTED_DOCUMENTS_MODE: 'require' }, /^Invalid TRUSTED_DOCUMENTS_MODE: it needs TRUSTED_DOCUMENTS/],
    [{ TRUSTED_DOCUMENTS: 'x', TRUSTED_DOCUMENTS_MODE: 'strict' }, /^Invalid TRUSTED_DOCUMENTS_MODE="strict": must be allow or require$/],
    [{ TRUSTED_DOCUMENTS: join(dir, 'missing.json') }, /^Invalid TRUSTED_DOCUMENTS=".*missing\.json": cannot be read \(ENOENT\)$/],
    [{ TRUSTED_DOCUMENTS: file('text.json', 'nope') }, /: is not JSON; it must be a persisted-query manifest$/],
    [{ TRUSTED_DOCUMENTS: file('array.json', '[]') }, /: must be an Apollo persisted query manifest .* or a Relay map/],
    [{ TRUSTED_DOCUMENTS: file('v2.json', APOLLO.replace('"version":1', '"version":2')) }, /: "version" must be 1/],
    [
      { TRUSTED_DOCUMENTS: file('nobody.json', APOLLO.replace('"body":"query Q { __typename }"', '"body":""')) },
      /: operations\[0\]\.body must be a non-empty string$/,
    ],
    [{ TRUSTED_DOCUMENTS: file('empty.json', '{}') }, /: lists no operations/],
    [{ TRUSTED_DOCUMENTS: file('relay-bad.json', '{"r1": 3}') }, /: "r1" must map to a document/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
