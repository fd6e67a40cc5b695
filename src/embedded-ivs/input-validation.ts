/**
 * Request-body parsing and model-constraint checks, answered with ValidationException messages in
 * AWS's style ("1 validation error detected: Value 'x' at 'channelArn' failed to satisfy
 * constraint: ..."), so a gateway sees the same text it would get from IVS.
 */
import { serviceError } from './wire-errors.js';

/** A string member (the default kind): @length and @pattern. */
export interface StringMemberConstraints {
  readonly kind?: 'string';
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  /** The model's @pattern text, quoted verbatim in error messages. */
  readonly pattern: string;
}

/** An integer member with a @range. */
export interface IntegerMemberConstraints {
  readonly kind: 'integer';
  readonly required: boolean;
  readonly min: number;
  readonly max: number;
}

/** A string member restricted to an enum's values. */
export interface EnumMemberConstraints {
  readonly kind: 'enum';
  readonly required: boolean;
  readonly values: readonly string[];
}

/** A list of strings: @length counts entries, `member` constrains each entry. */
export interface StringListMemberConstraints {
  readonly kind: 'list';
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly member: StringMemberConstraints;
}

/** A nested structure; its members are reported as `outer.inner`. */
export interface StructureMemberConstraints {
  readonly kind: 'structure';
  readonly required: boolean;
  readonly members: MemberConstraintsMap;
}

export type MemberConstraints =
  StringMemberConstraints | IntegerMemberConstraints | EnumMemberConstraints | StringListMemberConstraints | StructureMemberConstraints;

export type MemberConstraintsMap = Readonly<Record<string, MemberConstraints>>;

export type InputObject = Readonly<Record<string, unknown>>;

type MemberValue<Constraints> = Constraints extends IntegerMemberConstraints
  ? number
  : Constraints extends StringListMemberConstraints
    ? string[]
    : Constraints extends { kind: 'structure'; members: infer Members extends MemberConstraintsMap }
      ? ValidatedMembers<Members>
      : string;

/** Required members come back as their value type, optional ones as `T | undefined`. */
export type ValidatedMembers<Members extends MemberConstraintsMap> = {
  [Name in keyof Members]: Members[Name]['required'] extends true ? MemberValue<Members[Name]> : MemberValue<Members[Name]> | undefined;
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
  if (!isPlainObject(parsed)) {
    throw serviceError('ValidationException', 'Could not parse request body into json: expected a JSON object');
  }
  return parsed;
}

function isPlainObject(value: unknown): value is InputObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How AWS (a Java service) prints a value: lists as `[a, b]`, everything in single quotes. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    return `'[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ')}]'`;
  }
  return `'${JSON.stringify(value)}'`;
}

/** The failed constraints of one string value (without the "Value ... at ..." prefix). */
function stringConstraintFailures(value: string, constraints: StringMemberConstraints): string[] {
  const failures: string[] = [];
  if (value.length < constraints.minLength) {
    failures.push(`Member must have length greater than or equal to ${constraints.minLength}`);
  }
  if (value.length > constraints.maxLength) {
    failures.push(`Member must have length less than or equal to ${constraints.maxLength}`);
  }
  if (!new RegExp(constraints.pattern).test(value)) {
    failures.push(`Member must satisfy regular expression pattern: ${constraints.pattern}`);
  }
  return failures;
}

function constraintFailures(value: unknown, constraints: MemberConstraints): string[] {
  switch (constraints.kind) {
    case undefined:
    case 'string':
      if (typeof value !== 'string') return ['Member must be of type string'];
      return stringConstraintFailures(value, constraints);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return ['Member must be of type integer'];
      if (value < constraints.min) return [`Member must have value greater than or equal to ${constraints.min}`];
      if (value > constraints.max) return [`Member must have value less than or equal to ${constraints.max}`];
      return [];
    case 'enum':
      if (typeof value !== 'string') return ['Member must be of type string'];
      return constraints.values.includes(value) ? [] : [`Member must satisfy enum value set: [${constraints.values.join(', ')}]`];
    case 'list': {
      if (!Array.isArray(value)) return ['Member must be of type list'];
      const failures: string[] = [];
      if (value.length < constraints.minLength) {
        failures.push(`Member must have length greater than or equal to ${constraints.minLength}`);
      }
      if (value.length > constraints.maxLength) {
        failures.push(`Member must have length less than or equal to ${constraints.maxLength}`);
      }
      // AWS reports all entry failures as one violation of the list: "Member must satisfy constraint: [...]".
      const entryFailures = new Set(
        value.flatMap((entry: unknown) => {
          if (entry === null || entry === undefined) return ['Member must not be null'];
          if (typeof entry !== 'string') return ['Member must be of type string'];
          return stringConstraintFailures(entry, constraints.member);
        }),
      );
      if (entryFailures.size > 0) failures.push(`Member must satisfy constraint: [${[...entryFailures].join(', ')}]`);
      return failures;
    }
    case 'structure':
      // Nested violations are reported by violationsOf with their own path.
      return isPlainObject(value) ? [] : ['Member must be of type structure'];
  }
}

function violationsOf(path: string, value: unknown, constraints: MemberConstraints): string[] {
  const violation = (constraint: string) => `Value ${describeValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`;
  if (value === undefined || value === null) {
    return constraints.required ? [violation('Member must not be null')] : [];
  }
  if (constraints.kind === 'structure' && isPlainObject(value)) {
    return Object.entries(constraints.members).flatMap(([name, member]) => violationsOf(`${path}.${name}`, value[name], member));
  }
  return constraintFailures(value, constraints).map(violation);
}

function valuesOf(input: InputObject, members: MemberConstraintsMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(members).map(([name, constraints]) => {
      const value = input[name] ?? undefined;
      if (constraints.kind === 'structure' && isPlainObject(value)) return [name, valuesOf(value, constraints.members)];
      return [name, value];
    }),
  );
}

/**
 * Checks the members of an input against their model constraints and returns their values (only
 * the declared members; JSON null reads as absent); every violation is reported at once, as AWS does.
 */
export function validateMembers<Members extends MemberConstraintsMap>(input: InputObject, members: Members): ValidatedMembers<Members> {
  const violations = Object.entries(members).flatMap(([name, constraints]) => violationsOf(name, input[name], constraints));
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
    throw serviceError('ValidationException', `${count} detected: ${violations.join('; ')}`);
  }
  return valuesOf(input, members) as ValidatedMembers<Members>;
}
