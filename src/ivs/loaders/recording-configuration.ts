import { GetRecordingConfigurationCommand } from '@aws-sdk/client-ivs';
import type DataLoader from 'dataloader';
import type { RecordingConfiguration } from '../../__generated__/resolvers-types.js';
import { cachedIvs } from '../../cache/cached-call.js';
import { parseRecordingConfigurationArn } from '../../kernel/arn.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import { callIvs } from '../../upstream/call.js';
import { enumReporter, toRecordingConfiguration } from '../mappers.js';
import type { IvsDeps } from './deps.js';
import { perKeyLoader } from './per-key.js';

/** One GetRecordingConfiguration per distinct ARN in an operation (IVS allows only 3 of these per second). */
export function createRecordingConfigurationLoader(deps: IvsDeps): DataLoader<string, RecordingConfiguration, string> {
  return perKeyLoader(
    (arn: string) => getRecordingConfiguration(deps, arn),
    (arn) => arn,
  );
}

/** A recording configuration can be edited: cached for CACHE_TTL_SECONDS. */
function getRecordingConfiguration(deps: IvsDeps, arn: string): Promise<RecordingConfiguration> {
  return cachedIvs(deps, {
    operation: 'GetRecordingConfiguration',
    key: arn,
    freshness: () => 'mutable',
    fetch: async () => ({ value: await fetchRecordingConfiguration(deps, arn) }),
  });
}

async function fetchRecordingConfiguration(deps: IvsDeps, arn: string): Promise<RecordingConfiguration> {
  const parsed = parseRecordingConfigurationArn(arn);
  if (!parsed) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `IVS referred to a malformed recording-configuration ARN: ${arn}.`);
  const { recordingConfiguration } = await callIvs(
    deps.upstream,
    deps.scope,
    { region: parsed.region, account: parsed.accountId, operation: 'GetRecordingConfiguration', resource: arn },
    (client, abortSignal) => client.send(new GetRecordingConfigurationCommand({ arn }), { abortSignal }),
    { recordingConfigurationArn: arn },
  );
  if (!recordingConfiguration) throw gatewayError(ErrorCode.NOT_FOUND, `IVS returned no recording configuration ${arn}.`);
  return toRecordingConfiguration(recordingConfiguration, enumReporter(deps.upstream.logger, { recordingConfigurationArn: arn }));
}
