import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

/**
 * Whether @skip or @include can change the order of a response's keys: a conditional selection
 * whose response key is selected again in the same (merged) selection set. graphql-js orders keys by
 * their first selection that is included; graphql-jit fixes the order when it compiles, from the first
 * selection whatever the directives say. Such documents run on graphql-js (src/graphql/executor.ts).
 */
export function orderDependsOnConditions(document: DocumentNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const check = (sets: readonly SelectionSetNode[]): boolean => {
    const entries: Array<{ key: string; conditional: boolean; set: SelectionSetNode | undefined }> = [];
    const collect = (set: SelectionSetNode, conditional: boolean, seen: Set<string>) => {
      for (const selection of set.selections) {
        const here = conditional || isConditional(selection);
        if (selection.kind === Kind.FIELD) {
          entries.push({ key: selection.alias?.value ?? selection.name.value, conditional: here, set: selection.selectionSet });
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet, here, seen);
        } else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          if (fragment) collect(fragment.selectionSet, here, new Set(seen).add(selection.name.value));
        }
      }
    };
    for (const set of sets) collect(set, false, new Set());
    const byKey = new Map<string, typeof entries>();
    for (const entry of entries) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
    for (const same of byKey.values()) {
      if (same.length > 1 && same.some((entry) => entry.conditional)) return true;
      const children = same.flatMap((entry) => (entry.set ? [entry.set] : []));
      if (children.length > 0 && check(children)) return true;
    }
    return false;
  };
  return document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && check([definition.selectionSet]));
}

function isConditional(selection: SelectionNode): boolean {
  return selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include') ?? false;
}
