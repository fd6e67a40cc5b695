/**
 * Request-body parsing and model-constraint checks, answered with ValidationException messages in
 * AWS's style ("1 validation error detected: Value 'x' at 'channelArn' failed to satisfy
 * constraint: ..."), so a gateway sees the same text it would get from IVS.
 */
import { serviceError } from './wire-errors.js';

export interface StringMemberConstraints {
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  /** The model's @pattern text, quoted verbatim in error messages. */
  readonly pattern: string;
}

export type InputObject = Readonly<Record<string, unknown>>;

/** Required members come back as `string`, optional ones as `string | undefined`. */
export type ValidatedMembers<Members extends Readonly<Record<string, StringMemberConstraints>>> = {
  [Name in keyof Members]: Members[Name]['required'] extends true ? string : string | undefined;
};

/** restJson1 input body: an empty body means "no members". */
export function parseRequestBody(text: string): InputObject {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw serviceError('ValidationException', `Could not parse request body into json: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serviceError('ValidationException', 'Could not parse request body into json: expected a JSON object');
  }
  return parsed as InputObject;
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

function violationsOf(member: string, value: unknown, constraints: StringMemberConstraints): string[] {
  const violation = (constraint: string) =>
    `Value ${describeValue(value)} at '${member}' failed to satisfy constraint: ${constraint}`;
  if (value === undefined || value === null) {
    return constraints.required ? [violation('Member must not be null')] : [];
  }
  if (typeof value !== 'string') return [violation('Member must be of type string')];
  const violations: string[] = [];
  if (value.length < constraints.minLength) {
    violations.push(violation(`Member must have length greater than or equal to ${constraints.minLength}`));
  }
  if (value.length > constraints.maxLength) {
    violations.push(violation(`Member must have length less than or equal to ${constraints.maxLength}`));
  }
  if (!new RegExp(constraints.pattern).test(value)) {
    violations.push(violation(`Member must satisfy regular expression pattern: ${constraints.pattern}`));
  }
  return violations;
}

/**
 * Checks the string members of an input against their model constraints and returns their values;
 * every violation is reported at once, as AWS does.
 */
export function validateStringMembers<Members extends Readonly<Record<string, StringMemberConstraints>>>(
  input: InputObject,
  members: Members,
): ValidatedMembers<Members> {
  const entries = Object.entries(members);
  const violations = entries.flatMap(([name, constraints]) => violationsOf(name, input[name], constraints));
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
    throw serviceError('ValidationException', `${count} detected: ${violations.join('; ')}`);
  }
  return Object.fromEntries(entries.map(([name]) => [name, input[name] ?? undefined])) as ValidatedMembers<Members>;
}
