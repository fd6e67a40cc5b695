import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

/** The document's fragment definitions by name. */
export function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Every field that `sets` (one selection set, or those merged under one response key) select at their
 * own level, in document order, through inline fragments and fragment spreads (each fragment once, as
 * graphql-js collects fields), with whether a @skip or @include on the way makes it conditional.
 */
export function eachField(
  sets: readonly SelectionSetNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visit: (field: FieldNode, conditional: boolean) => void,
): void {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode, conditional: boolean): void => {
    for (const selection of set.selections) {
      const here = conditional || isConditional(selection);
      if (selection.kind === Kind.FIELD) visit(selection, here);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, here);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, here);
      }
    }
  };
  for (const set of sets) walk(set, false);
}

function isConditional(selection: SelectionNode): boolean {
  return selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include') ?? false;
}
