import { isThenable } from "@pothos/core";
import {
  type FieldNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import type { Context } from "../context.ts";

/**
 * Look-ahead. A resolver that must confirm an object exists (one EnKash call) before returning it
 * would make its children's EnKash calls wait a whole round. Instead, once it knows which object it
 * is about to load, it starts the loads its selected child fields will need, so they go out in the
 * same DataLoader batch; when the children then resolve, they find those loads in the request's
 * loaders. Fields opt in with `prefetchField`, giving the function that starts their loads (usually
 * the resolver itself, whose result is then dropped).
 *
 * The cost: when the object turns out to be missing, the prefetched calls were spent for nothing.
 */
export type Prefetch = (
  parent: never,
  args: Record<string, unknown>,
  ctx: Context,
  below: (typeName: string) => LookAhead,
) => unknown;

const prefetchers = new Map<string, Map<string, Prefetch>>();

export function prefetchField<P>(
  typeName: string,
  fieldName: string,
  prefetch: (
    parent: P,
    args: Record<string, unknown>,
    ctx: Context,
    /** The selections inside this field, on an object of the given type. */
    below: (typeName: string) => LookAhead,
  ) => unknown,
): void {
  const fields = prefetchers.get(typeName) ?? new Map<string, Prefetch>();
  fields.set(fieldName, prefetch as Prefetch);
  prefetchers.set(typeName, fields);
}

/** A field selected at a place, with its arguments, and the place inside it. */
export interface SelectedField {
  args: Record<string, unknown>;
  next(typeName: string): LookAhead;
}

/** A place in the operation: the selections made on an object of `typeName`. */
export class LookAhead {
  /** The field nodes selected here, worked out once. */
  private collected: FieldNode[] | undefined;

  constructor(
    private readonly info: GraphQLResolveInfo,
    readonly typeName: string,
    private readonly selections: readonly SelectionSetNode[],
  ) {}

  /** Where the resolver of `info` stands: the selections on the object it returns. */
  static of(info: GraphQLResolveInfo, typeName: string): LookAhead {
    const sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    return new LookAhead(info, typeName, sets);
  }

  /** The selected fields named `name` (several when aliased), with their arguments. */
  fields(name: string): SelectedField[] {
    const definition = this.definitionOf(name);
    if (!definition) return [];
    return this.collect()
      .filter((node) => node.name.value === name)
      .map((node) => this.selectedField(node, definition));
  }

  /** Starts the loads of every selected field that can prefetch, on `parent`. Never throws. */
  prefetch(parent: unknown, ctx: Context): void {
    const fields = prefetchers.get(this.typeName);
    if (!fields) return;
    for (const node of this.collect()) {
      const prefetch = fields.get(node.name.value);
      const definition = prefetch && this.definitionOf(node.name.value);
      if (!prefetch || !definition) continue;
      try {
        const { args, next } = this.selectedField(node, definition);
        const started = prefetch(parent as never, args, ctx, next);
        // The field's own resolver reports failures; a prefetch only warms the loaders. A prefetch
        // must return what it started: a rejection nobody handles ends the process.
        if (isThenable(started)) Promise.resolve(started).catch(() => {});
      } catch {
        // Invalid arguments and the like: the field's resolver reports them.
      }
    }
  }

  private definitionOf(name: string): GraphQLField<unknown, unknown> | undefined {
    const type = this.info.schema.getType(this.typeName);
    return isObjectType(type) ? type.getFields()[name] : undefined;
  }

  private selectedField(node: FieldNode, definition: GraphQLField<unknown, unknown>): SelectedField {
    return {
      args: getArgumentValues(definition, node, this.info.variableValues),
      next: (typeName: string) =>
        new LookAhead(this.info, typeName, node.selectionSet ? [node.selectionSet] : []),
    };
  }

  /** Field nodes selected here, through fragments, skipping what @skip/@include leave out. */
  private collect(): FieldNode[] {
    if (this.collected) return this.collected;
    const found: FieldNode[] = [];
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) found.push(selection);
        else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const on = selection.typeCondition?.name.value;
          if (!on || on === this.typeName || this.implementsType(on)) visit(selection.selectionSet);
        } else {
          const fragment = this.info.fragments[selection.name.value];
          const on = fragment?.typeCondition.name.value;
          if (fragment && (on === this.typeName || this.implementsType(on ?? "")))
            visit(fragment.selectionSet);
        }
      }
    };
    for (const set of this.selections) visit(set);
    this.collected = found;
    return found;
  }

  private implementsType(name: string): boolean {
    const type = this.info.schema.getType(this.typeName);
    return isObjectType(type) && type.getInterfaces().some((iface) => iface.name === name);
  }

  private included(node: FieldNode | SelectionSetNode["selections"][number]): boolean {
    const variables = this.info.variableValues;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    return true;
  }
}
