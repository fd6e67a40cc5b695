import { ErrorCode, gatewayError } from './errors.js';

/**
 * Regions where IVS low-latency streaming is offered: the default of IVS_ALLOWED_REGIONS. Every region
 * named by a caller is checked against the allowed set before anything is done for it, because each new
 * one would cost an SDK client kept for the life of the process, a live poller and metric label values.
 */
export const IVS_LOW_LATENCY_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
];

/** The form of an AWS region name, such as eu-west-1. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Throws BAD_USER_INPUT unless `region` is allowed. `argument` names the argument it came from when the
 * caller knows it (the IVS data layer only knows the region).
 */
export function requireAllowedRegion(allowed: readonly string[], region: string, argument?: string): void {
  if (allowed.includes(region)) return;
  const source = argument === undefined ? 'An ARN or region argument names' : `Argument "${argument}" names`;
  throw gatewayError(
    ErrorCode.BAD_USER_INPUT,
    `${source} the region ${JSON.stringify(region.slice(0, 40))}, which this gateway does not serve; use one of ${allowed.join(', ')}.`,
    { ...(argument !== undefined && { argument }), allowedRegions: allowed },
  );
}
