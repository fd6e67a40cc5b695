import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

describe('configuration', () => {
  it('defaults to the embedded IVS on port 4000', () => {
    expect(loadConfig({})).toMatchObject({ port: 4000, backend: { kind: 'embedded' }, ivs: { maxConcurrencyPerRegion: 5 } });
  });

  it('lets IVS_ENDPOINT win over IVS_BACKEND', () => {
    expect(loadConfig({ IVS_BACKEND: 'aws', IVS_ENDPOINT: 'http://127.0.0.1:4510' }).backend).toEqual({
      kind: 'endpoint',
      url: 'http://127.0.0.1:4510',
    });
    expect(loadConfig({ IVS_BACKEND: 'aws' }).backend).toEqual({ kind: 'aws' });
  });

  it.each([
    ['PORT', 'eighty', /^Invalid PORT="eighty": must be a whole number$/],
    ['IVS_MAX_CONCURRENCY_PER_REGION', '0', /^Invalid IVS_MAX_CONCURRENCY_PER_REGION="0": must be at least 1$/],
    [
      'EXPOSE_SRT_PASSPHRASE',
      'true',
      /^Invalid EXPOSE_SRT_PASSPHRASE="true": was removed: srt.passphrase is served to API keys or tokens with the ingest:secrets scope/,
    ],
    ['IVS_ENDPOINT', 'localhost:4510', /^Invalid IVS_ENDPOINT="localhost:4510": must be an http\(s\) URL/],
    ['IVS_BACKEND', 'moto', /^Invalid IVS_BACKEND="moto": must be embedded or aws$/],
    [
      'IVS_ALLOWED_REGIONS',
      'us-east-1,,eu-west-1',
      /^Invalid IVS_ALLOWED_REGIONS="us-east-1,,eu-west-1": must be a comma-separated list of AWS regions/,
    ],
    ['MAX_CONNECTIONS', '0', /^Invalid MAX_CONNECTIONS="0": must be at least 1$/],
    ['IVS_ALLOWED_REGIONS', 'US-EAST-1', /^Invalid IVS_ALLOWED_REGIONS="US-EAST-1": must be a comma-separated list of AWS regions/],
  ])('rejects a bad %s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('allows the IVS low-latency regions unless IVS_ALLOWED_REGIONS says otherwise', () => {
    expect(loadConfig({}).ivs.allowedRegions).toEqual([
      'us-east-1',
      'us-west-2',
      'eu-west-1',
      'eu-central-1',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-south-1',
    ]);
    expect(loadConfig({ IVS_ALLOWED_REGIONS: 'us-west-2,ca-central-1', IVS_REGIONS: 'us-west-2' }).ivs).toMatchObject({
      allowedRegions: ['us-west-2', 'ca-central-1'],
      regions: ['us-west-2'],
    });
  });

  it('refuses IVS_REGIONS outside the allowed regions, naming the region', () => {
    expect(() => loadConfig({ IVS_REGIONS: 'us-west-2,xx-fake-9' })).toThrow(
      /^Invalid IVS_REGIONS="us-west-2,xx-fake-9": xx-fake-9 is not in IVS_ALLOWED_REGIONS \(us-east-1,.*\); add it there or remove it$/,
    );
    // The default IVS_REGIONS must fit a narrower allowed set too.
    expect(() => loadConfig({ IVS_ALLOWED_REGIONS: 'us-west-2' })).toThrow(
      /^Invalid IVS_REGIONS="us-west-2,eu-west-1,ap-northeast-1": eu-west-1 is not in IVS_ALLOWED_REGIONS/,
    );
  });
});
