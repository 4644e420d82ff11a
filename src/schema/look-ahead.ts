import { isThenable, type ObjectRef } from "@pothos/core";
import {
  type FieldNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { Context } from "../context.ts";
import type { BuilderTypes } from "./builder.ts";

/**
 * Look-ahead. A resolver that must confirm an object exists (one EnKash call) before returning it
 * would make its children's EnKash calls wait a whole round. Instead, once it knows which object it
 * is about to load, it starts the loads its selected child fields will need, so they go out in the
 * same DataLoader batch; when the children then resolve, they find those loads in the request's
 * loaders. Fields opt in with `prefetchField`, giving the function that starts their loads (usually
 * the resolver itself, whose result is then dropped).
 *
 * No type is named by a string: registrations take the type's ref (its name comes with it), and a
 * walk takes each place's type from the schema (the type of the field it goes into), so renaming a
 * type cannot quietly turn a prefetch off; a registration for a field the schema lacks fails the
 * build (`Prefetchers.bind`).
 *
 * The cost: when the object turns out to be missing, the prefetched calls were spent for nothing.
 */
type Prefetch<Parent> = (
  parent: Parent,
  args: Record<string, unknown>,
  ctx: Context,
  /** The selections inside this field. */
  below: LookAhead,
) => unknown;

/** The prefetches of a schema's fields, by type name and field name. */
export class Prefetchers {
  private readonly byType = new Map<string, Map<string, Prefetch<never>>>();

  /**
   * Registers the prefetch of `type.field`. It must return what it started (a promise), so that a
   * failure is caught here: a rejection nobody handles ends the process.
   */
  add<Parent>(type: ObjectRef<BuilderTypes, Parent>, field: string, prefetch: Prefetch<Parent>): void {
    const fields = this.byType.get(type.name) ?? new Map<string, Prefetch<never>>();
    if (fields.has(field)) throw new Error(`look-ahead: ${type.name}.${field} has two prefetches`);
    fields.set(field, prefetch as Prefetch<never>);
    this.byType.set(type.name, fields);
  }

  /**
   * Makes these the prefetches of `schema`'s look-aheads, once each registration is checked against
   * it: a prefetch for a type or field the schema lacks (renamed, removed) fails the build instead
   * of never running.
   */
  bind(schema: GraphQLSchema): GraphQLSchema {
    for (const [typeName, fields] of this.byType) {
      const type = schema.getType(typeName);
      for (const field of fields.keys())
        if (!isObjectType(type) || !type.getFields()[field])
          throw new Error(`look-ahead: a prefetch is registered for ${typeName}.${field}, not in the schema`);
    }
    bound.set(schema, this);
    return schema;
  }

  find(type: GraphQLObjectType, field: string): Prefetch<never> | undefined {
    return this.byType.get(type.name)?.get(field);
  }
}

const bound = new WeakMap<GraphQLSchema, Prefetchers>();

/** The server's prefetches; src/schema/index.ts binds them to the schema it builds. */
export const prefetchers = new Prefetchers();

export function prefetchField<Parent>(
  type: ObjectRef<BuilderTypes, Parent>,
  field: string,
  prefetch: Prefetch<Parent>,
): void {
  prefetchers.add(type, field, prefetch);
}

/** A field selected at a place, with its arguments, and the place inside it. */
interface SelectedField {
  args: Record<string, unknown>;
  below: LookAhead;
}

/**
 * A place in the operation: the selections made on an object of `type`. Null `type`: the place's
 * type is not an object type (a scalar has no selections; behind an interface or union, which
 * object comes back is known only once it is resolved), and nothing there is looked ahead.
 */
export class LookAhead {
  /** The field nodes selected here, worked out once. */
  private collected: FieldNode[] | undefined;

  private constructor(
    private readonly info: GraphQLResolveInfo,
    readonly type: GraphQLObjectType | null,
    private readonly selections: readonly SelectionSetNode[],
  ) {}

  /** Where the resolver of `info` stands: the selections on the object it returns. */
  static of(info: GraphQLResolveInfo): LookAhead {
    const sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    return new LookAhead(info, objectTypeOf(info.returnType), sets);
  }

  /** The selected fields named `name` (several when aliased), with their arguments. */
  fields(name: string): SelectedField[] {
    const definition = this.type?.getFields()[name];
    if (!definition) return [];
    return this.collect()
      .filter((node) => node.name.value === name)
      .map((node) => this.selectedField(node, definition));
  }

  /**
   * Starts the loads of every selected field that can prefetch, on `parent`. A prefetch's failure
   * never comes out of here: the field's resolver reports it.
   */
  prefetch(parent: unknown, ctx: Context): void {
    const { type } = this;
    if (!type) return;
    const registered = bound.get(this.info.schema);
    if (!registered) throw new Error("look-ahead: the schema has no prefetches bound (Prefetchers.bind)");
    for (const node of this.collect()) {
      const prefetch = registered.find(type, node.name.value);
      const definition = prefetch && type.getFields()[node.name.value];
      if (!prefetch || !definition) continue;
      try {
        const { args, below } = this.selectedField(node, definition);
        const started = prefetch(parent as never, args, ctx, below);
        // The field's own resolver reports failures; a prefetch only warms the loaders.
        if (isThenable(started)) Promise.resolve(started).catch(() => {});
      } catch {
        // Invalid arguments and the like: the field's resolver reports them.
      }
    }
  }

  private selectedField(node: FieldNode, definition: GraphQLField<unknown, unknown>): SelectedField {
    return {
      args: getArgumentValues(definition, node, this.info.variableValues),
      below: new LookAhead(
        this.info,
        objectTypeOf(definition.type),
        node.selectionSet ? [node.selectionSet] : [],
      ),
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
          if (!on || this.applies(on)) visit(selection.selectionSet);
        } else {
          const fragment = this.info.fragments[selection.name.value];
          if (fragment && this.applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of this.selections) visit(set);
    this.collected = found;
    return found;
  }

  /** Whether a fragment on `typeName` applies here: this type, or an interface or union it is in. */
  private applies(typeName: string): boolean {
    const condition = this.info.schema.getType(typeName);
    if (!this.type || !condition) return false;
    return (
      condition === this.type ||
      (isAbstractType(condition) && this.info.schema.isSubType(condition, this.type))
    );
  }

  private included(node: SelectionNode): boolean {
    const variables = this.info.variableValues;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    return true;
  }
}

function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  return isObjectType(named) ? named : null;
}
