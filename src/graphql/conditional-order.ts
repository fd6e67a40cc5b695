import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { eachField, fragmentsOf } from './selections.js';

/**
 * Whether @skip or @include can change the order of a response's keys: a conditional selection
 * whose response key is selected again in the same (merged) selection set. graphql-js orders keys by
 * their first selection that is included; graphql-jit fixes the order when it compiles, from the first
 * selection whatever the directives say. Such documents run on graphql-js (src/graphql/executor.ts).
 */
export function orderDependsOnConditions(document: DocumentNode): boolean {
  const fragments = fragmentsOf(document);
  return document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && dependsOnConditions([definition.selectionSet], fragments),
  );
}

function dependsOnConditions(sets: readonly SelectionSetNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  const byKey = new Map<string, Array<{ field: FieldNode; conditional: boolean }>>();
  eachField(sets, fragments, (field, conditional) => {
    const key = field.alias?.value ?? field.name.value;
    byKey.set(key, [...(byKey.get(key) ?? []), { field, conditional }]);
  });
  for (const same of byKey.values()) {
    if (same.length > 1 && same.some((entry) => entry.conditional)) return true;
    const children = same.flatMap(({ field }) => (field.selectionSet ? [field.selectionSet] : []));
    if (children.length > 0 && dependsOnConditions(children, fragments)) return true;
  }
  return false;
}
