import { GetRecordingConfigurationCommand } from '@aws-sdk/client-ivs';
import DataLoader from 'dataloader';
import type { RecordingConfiguration } from '../../__generated__/resolvers-types.js';
import { cachedIvs } from '../../cache/cached-call.js';
import { ErrorCode, gatewayError } from '../../kernel/errors.js';
import { callIvs, enumReporter, type IvsDeps } from '../../upstream/call.js';
import { toRecordingConfiguration } from '../mappers.js';

// Region of a recording-configuration ARN: arn:aws:ivs:<region>:<account>:recording-configuration/<id>.
const RECORDING_CONFIGURATION_ARN = /^arn:aws:ivs:([a-z0-9-]+):[0-9]+:recording-configuration\/[a-zA-Z0-9-]+$/;

/** One GetRecordingConfiguration per distinct ARN in an operation (IVS allows only 3 of these per second). */
export function createRecordingConfigurationLoader(deps: IvsDeps): DataLoader<string, RecordingConfiguration> {
  return new DataLoader<string, RecordingConfiguration>((arns) =>
    Promise.all(arns.map((arn) => getRecordingConfiguration(deps, arn).catch((error: unknown) => error as Error))),
  );
}

/** A recording configuration can be edited: cached for CACHE_TTL_SECONDS. */
function getRecordingConfiguration(deps: IvsDeps, arn: string): Promise<RecordingConfiguration> {
  return cachedIvs(deps, { operation: 'GetRecordingConfiguration', key: arn, freshness: () => 'mutable', fetch: () => fetchRecordingConfiguration(deps, arn) });
}

async function fetchRecordingConfiguration(deps: IvsDeps, arn: string): Promise<RecordingConfiguration> {
  const region = RECORDING_CONFIGURATION_ARN.exec(arn)?.[1];
  if (!region) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `IVS referred to a malformed recording-configuration ARN: ${arn}.`);
  const { recordingConfiguration } = await callIvs(
    deps,
    region,
    'GetRecordingConfiguration',
    (client, abortSignal) => client.send(new GetRecordingConfigurationCommand({ arn }), { abortSignal }),
    { recordingConfigurationArn: arn },
  );
  if (!recordingConfiguration) throw gatewayError(ErrorCode.NOT_FOUND, `IVS returned no recording configuration ${arn}.`);
  return toRecordingConfiguration(recordingConfiguration, enumReporter(deps.logger, { recordingConfigurationArn: arn }));
}
