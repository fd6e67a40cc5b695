/**
 * The IVS operations the embedded IVS answers, as a route table: adding BatchGetChannel,
 * ListStreamSessions, GetStream, ... means adding a handler and a row, nothing else.
 *
 * Handlers return the JSON output (plus any delay the data asks for) or throw a WireError.
 */
import { findDemoChannel, type DemoData } from './demo-data.js';
import {
  validateStringMembers,
  type InputObject,
  type StringMemberConstraints,
} from './input-validation.js';
import { serviceError } from './wire-errors.js';

export interface OperationContext {
  /** The region of the SigV4 credential scope: the regional endpoint the client meant to call. */
  readonly region: string;
  readonly data: DemoData;
}

export interface OperationResult {
  readonly output: object;
  /** Extra time to wait before answering (a "slow" fault). */
  readonly delayMs: number;
}

export interface Operation {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly handle: (input: InputObject, context: OperationContext) => OperationResult;
}

// Constraints from the IVS Smithy model (shapes ChannelArn and StreamId).
const CHANNEL_ARN = {
  required: true,
  minLength: 1,
  maxLength: 128,
  pattern: '^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$',
} as const satisfies StringMemberConstraints;

const STREAM_ID = {
  required: false,
  minLength: 26,
  maxLength: 26,
  pattern: '^st-[a-zA-Z0-9]+$',
} as const satisfies StringMemberConstraints;

const arnRegion = (arn: string): string | undefined => arn.split(':')[3];

function getStreamSession(input: InputObject, { region, data }: OperationContext): OperationResult {
  const { channelArn, streamId } = validateStringMembers(input, { channelArn: CHANNEL_ARN, streamId: STREAM_ID });

  // Each region is a separate IVS: a channel of another region does not exist at this endpoint.
  const channel = arnRegion(channelArn) === region ? findDemoChannel(data, channelArn) : undefined;
  if (!channel) throw serviceError('ResourceNotFoundException', `Channel not found: ${channelArn}`);

  const { fault } = channel;
  if (fault?.kind === 'error') throw serviceError(fault.code, fault.message);

  const session =
    streamId === undefined ? channel.sessions[0] : channel.sessions.find((s) => s.streamId === streamId);
  if (!session) {
    throw serviceError(
      'ResourceNotFoundException',
      streamId === undefined
        ? `No stream session found for channel: ${channelArn}`
        : `Stream session not found: ${streamId}`,
    );
  }
  return { output: { streamSession: session }, delayMs: fault?.kind === 'slow' ? fault.delayMs : 0 };
}

const OPERATIONS: readonly Operation[] = [
  { name: 'GetStreamSession', method: 'POST', path: '/GetStreamSession', handle: getStreamSession },
];

export function findOperation(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((operation) => operation.method === method && operation.path === path);
}
