import { ErrorCode, gatewayError } from './errors.js';

// The one parser of IVS ARNs in the gateway: arn:aws:ivs:<region>:<account-id>:<resource-type>/<id>.
// Patterns and lengths from the IVS model (ChannelArn, StreamId). Checking them here means a
// malformed argument never costs an IVS call from the account's quota.
const IVS_ARN = /^arn:aws:ivs:([a-z0-9-]+):([0-9]+):(.*)$/;
const RESOURCE_ID = '[a-zA-Z0-9-]+';
const CHANNEL_RESOURCE = new RegExp(`^channel/${RESOURCE_ID}$`);
const RECORDING_CONFIGURATION_RESOURCE = new RegExp(`^recording-configuration/${RESOURCE_ID}$`);
const PLAYBACK_RESTRICTION_POLICY_RESOURCE = new RegExp(`^playback-restriction-policy/${RESOURCE_ID}$`);
/** What error messages show as the form of a channel ARN. */
const CHANNEL_ARN_PATTERN = `^arn:aws:ivs:([a-z0-9-]+):([0-9]+):channel\\/${RESOURCE_ID}$`;
const CHANNEL_ARN_MAX_LENGTH = 128;
const STREAM_ID = /^st-[a-zA-Z0-9]+$/;
const STREAM_ID_LENGTH = 26;

export interface ParsedArn {
  region: string;
  accountId: string;
  /** What follows the account: `channel/<id>`, `recording-configuration/<id>`, ... */
  resource: string;
}

/** The parts of an IVS ARN, or null when `arn` is not one. */
export function parseArn(arn: string): ParsedArn | null {
  const match = IVS_ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, resource: match[3]! } : null;
}

/** The AWS account of any IVS ARN, or null when it is not one. */
export function accountOfArn(arn: string): string | null {
  return parseArn(arn)?.accountId ?? null;
}

/** An IVS ARN whose resource is of the given form (`resource` pattern), or null. */
function parseArnOf(arn: string, resource: RegExp): ParsedArn | null {
  const parsed = parseArn(arn);
  return parsed && resource.test(parsed.resource) ? parsed : null;
}

/** A recording-configuration ARN's parts, or null when `arn` is not one. */
export function parseRecordingConfigurationArn(arn: string): ParsedArn | null {
  return parseArnOf(arn, RECORDING_CONFIGURATION_RESOURCE);
}

export interface ChannelArn {
  arn: string;
  region: string;
  accountId: string;
}

/** Parses a channel ARN argument, or throws BAD_USER_INPUT naming the argument and the expected form. */
export function parseChannelArn(value: string, argument = 'channelArn'): ChannelArn {
  const parsed = value.length <= CHANNEL_ARN_MAX_LENGTH ? parseArnOf(value, CHANNEL_RESOURCE) : null;
  if (!parsed) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Argument "${argument}" must be an IVS channel ARN of the form arn:aws:ivs:<region>:<account-id>:channel/<id> ` +
        `(pattern ${CHANNEL_ARN_PATTERN}, at most ${CHANNEL_ARN_MAX_LENGTH} characters); got ${JSON.stringify(truncate(value))}.`,
      { argument },
    );
  }
  return { arn: value, region: parsed.region, accountId: parsed.accountId };
}

/** Checks a stream id argument, or throws BAD_USER_INPUT naming the argument and the expected form. */
export function checkStreamId(value: string, argument = 'streamId'): string {
  if (value.length !== STREAM_ID_LENGTH || !STREAM_ID.test(value)) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      `Argument "${argument}" must be an IVS stream id: "st-" followed by 23 letters or digits ` +
        `(${STREAM_ID_LENGTH} characters, pattern ${STREAM_ID.source}); got ${JSON.stringify(truncate(value))}.`,
      { argument },
    );
  }
  return value;
}

// Echo enough of a bad value to recognise it without reflecting an arbitrarily large input.
function truncate(value: string): string {
  return value.length > 160 ? `${value.slice(0, 160)}…` : value;
}

const CHANNEL_NAME = /^[a-zA-Z0-9-_]*$/;
const FILTER_ARNS = {
  filterByRecordingConfigurationArn: RECORDING_CONFIGURATION_RESOURCE,
  filterByPlaybackRestrictionPolicyArn: PLAYBACK_RESTRICTION_POLICY_RESOURCE,
} as const;

export interface ChannelListArgs {
  filterByName?: string | null;
  filterByRecordingConfigurationArn?: string | null;
  filterByPlaybackRestrictionPolicyArn?: string | null;
}

/**
 * Checks ListChannels filters as IVS would, before any call. An ARN filter pins the list to that ARN's
 * region (returned); otherwise `region` is null and the list walks every configured region.
 */
export function checkChannelFilters(args: ChannelListArgs): { filters: Record<string, string>; region: string | null } {
  const filters: Record<string, string> = {};
  const regions = new Set<string>();
  if (args.filterByName != null) {
    if (args.filterByName.length > 128 || !CHANNEL_NAME.test(args.filterByName)) {
      throw gatewayError(
        ErrorCode.BAD_USER_INPUT,
        `Argument "filterByName" must be at most 128 letters, digits, "-" or "_"; got ${JSON.stringify(truncate(args.filterByName))}.`,
        {
          argument: 'filterByName',
        },
      );
    }
    filters.filterByName = args.filterByName;
  }
  for (const [argument, resource] of Object.entries(FILTER_ARNS) as Array<[keyof typeof FILTER_ARNS, RegExp]>) {
    const value = args[argument];
    if (value == null) continue;
    const parsed = value.length <= 128 ? parseArnOf(value, resource) : null;
    if (!parsed) {
      const pattern = `^arn:aws:ivs:([a-z0-9-]+):[0-9]+:${resource.source.slice(1, -1)}$`;
      throw gatewayError(
        ErrorCode.BAD_USER_INPUT,
        `Argument "${argument}" must match ${pattern} (at most 128 characters); got ${JSON.stringify(truncate(value))}.`,
        { argument },
      );
    }
    filters[argument] = value;
    regions.add(parsed.region);
  }
  if (filters.filterByName !== undefined && filters.filterByRecordingConfigurationArn !== undefined) {
    throw gatewayError(
      ErrorCode.BAD_USER_INPUT,
      'Arguments "filterByName" and "filterByRecordingConfigurationArn" are mutually exclusive in IVS ListChannels; pass one of them.',
      {
        argument: 'filterByRecordingConfigurationArn',
      },
    );
  }
  if (regions.size > 1) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'The ARN filters name different regions; IVS lists channels one region at a time.', {
      argument: 'filterByPlaybackRestrictionPolicyArn',
    });
  }
  return { filters, region: [...regions][0] ?? null };
}
