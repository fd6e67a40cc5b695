import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { orderDependsOnConditions } from '../../src/graphql/conditional-order.js';
import { OperationExecutor } from '../../src/graphql/executor.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { Metrics } from '../../src/platform/metrics.js';

const schema = buildSchema();

async function executions(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.graphqlExecutions.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.executor}/${v.labels.reason}`, v.value]));
}

describe('orderDependsOnConditions', () => {
  it.each([
    ['{ a: __typename b: __typename }', false],
    ['{ a: __typename @skip(if: true) b: __typename }', false],
    ['{ a: __typename @skip(if: true) b: __typename a: __typename }', true],
    ['query($t: Boolean!) { ... @include(if: $t) { a: __typename } b: __typename a: __typename }', true],
    ['{ ...F b: __typename a: __typename } fragment F on Query { a: __typename @include(if: false) }', true],
    ['{ _service { sdl @include(if: true) } x: _service { sdl } }', false],
    ['{ _service { a: sdl @include(if: true) b: sdl a: sdl } }', true],
  ])('%s: %s', (document, expected) => {
    expect(orderDependsOnConditions(parse(document))).toBe(expected);
  });
});

describe('OperationExecutor', () => {
  it('compiles an operation once and runs the compiled form after', async () => {
    const metrics = new Metrics();
    const executor = new OperationExecutor(buildSchema(), { kind: 'jit', maxCompiled: 10, compileAfter: 0, metrics });
    const document = parse('{ a: __typename b: __typename }');
    for (let i = 0; i < 3; i++) {
      expect(await executor.execute({ schema, document }, { traced: false })).toEqual({ data: { a: 'Query', b: 'Query' } });
    }
    expect(await executions(metrics)).toEqual({ 'jit/compiled': 3 });
  });

  it('runs graphql-js when configured, when traced, and where the key order would differ', async () => {
    const metrics = new Metrics();
    const jit = new OperationExecutor(buildSchema(), { kind: 'jit', maxCompiled: 10, compileAfter: 0, metrics });
    const plain = new OperationExecutor(buildSchema(), { kind: 'graphql-js', maxCompiled: 10, compileAfter: 0, metrics });
    const document = parse(
      'query($t: Boolean!) { b: __typename @include(if: $t) a: __typename @skip(if: $t) b: __typename a: __typename }',
    );
    const args = { schema, document, variableValues: { t: false } };
    const expected = await execute(args);
    expect(Object.keys(expected.data!)).toEqual(['a', 'b']);
    expect(JSON.stringify(await jit.execute(args, { traced: false }))).toBe(JSON.stringify(expected));
    await jit.execute({ schema, document: parse('{ __typename }') }, { traced: true });
    await plain.execute({ schema, document: parse('{ __typename }') }, { traced: false });
    expect(await executions(metrics)).toEqual({ 'graphql-js/unsupported': 1, 'graphql-js/traced': 1, 'graphql-js/configured': 1 });
  });

  it('runs an operation on graphql-js for its first COMPILE_AFTER_EXECUTIONS executions, compiled after', async () => {
    const metrics = new Metrics();
    const executor = new OperationExecutor(buildSchema(), { kind: 'jit', maxCompiled: 10, compileAfter: 2, metrics });
    const document = parse('{ __typename }');
    for (let i = 0; i < 4; i++) await executor.execute({ schema, document }, { traced: false });
    expect(await executions(metrics)).toEqual({ 'graphql-js/warming': 2, 'jit/compiled': 2 });
  });

  it('keeps at most COMPILED_OPERATIONS_MAX compiled operations', async () => {
    const metrics = new Metrics();
    const executor = new OperationExecutor(buildSchema(), { kind: 'jit', maxCompiled: 2, compileAfter: 0, metrics });
    const documents = ['{ a: __typename }', '{ b: __typename }', '{ c: __typename }'].map((text) => parse(text));
    for (const document of documents) await executor.execute({ schema, document }, { traced: false });
    expect(executor.compiledOperations).toBe(2);
  });

  it('answers variables that do not coerce as graphql-js does (coded BAD_USER_INPUT upstream)', async () => {
    const executor = new OperationExecutor(buildSchema(), { kind: 'jit', maxCompiled: 10, compileAfter: 0, metrics: new Metrics() });
    const args = {
      schema,
      document: parse('query($c: ID!) { streamSession(channelArn: $c) { streamId } }'),
      variableValues: { c: [[1]] },
    };
    const compiled = await executor.execute(args, { traced: false });
    const reference = await execute(args);
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(reference));
    expect(compiled.errors?.[0]?.nodes).toHaveLength(1);
  });
});
