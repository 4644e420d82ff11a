import SchemaBuilder, {
  BasePlugin,
  getTypeBrand,
  isThenable,
  type PothosOutputFieldConfig,
  type PothosOutputFieldType,
  type SchemaTypes,
} from "@pothos/core";
import { GraphQLError, type GraphQLFieldResolver } from "graphql";

/**
 * Authorization that belongs to the objects, not to the fields that lead to them. An object type
 * declares `visibleTo(value, context)`; every field whose type is that object (or a list of it, or
 * the Node interface) is wrapped so that what it resolves passes that one check, whatever path
 * reached it: root fields, `node`/`nodes`, connection edges, nested fields, mutation payloads,
 * idempotent replays. A refused object resolves exactly like a missing one: null in a nullable
 * position, left out of a list of non-null items, and the same "not found" error elsewhere.
 *
 * Why our own plugin: scope-auth's type-level `authScopes` answer a refusal with a ForbiddenError
 * (a refused object is then distinguishable from a missing one) and, with `runScopesOnType`, work
 * through async `isTypeOf`, which graphql-jit cannot run; scope-auth has no check on a field's
 * return value ("not currently supported", its README says). This is that check, and only that.
 */
declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      visibility: PothosVisibilityPlugin<Types>;
    }
    interface ObjectTypeOptions<Types extends SchemaTypes = SchemaTypes, Shape = unknown> {
      /** Whether the request's viewer may see this object. Sync and cheap: it runs for every object. */
      visibleTo?: (value: Shape, context: Types["Context"]) => boolean;
    }
  }
}

type Guard = (value: unknown, context: unknown) => boolean;
type Checker = (value: unknown, context: unknown) => unknown;

/** What a refused object looks like where null is not allowed: the same as a missing one. */
class NotFoundError extends GraphQLError {
  constructor() {
    super("Not found.", { extensions: { code: "NOT_FOUND" } });
  }
}

const REFUSED = Symbol("refused");

class PothosVisibilityPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private readonly guards = new Map<string, Guard | null>();

  /** The guard of a named type; null when the type declares none. */
  guardOf(typeName: string): Guard | null {
    let guard = this.guards.get(typeName);
    if (guard === undefined) {
      const config = this.buildCache.getTypeConfig(typeName);
      guard =
        config.kind === "Object" ? ((config.pothosOptions as { visibleTo?: Guard }).visibleTo ?? null) : null;
      this.guards.set(typeName, guard);
    }
    return guard;
  }

  /**
   * Marks the fields it checks (`extensions.visibility`), so a test can prove none is missed: the
   * same decision as wrapResolve's (a field is checked when its type can hold a guarded object).
   */
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (!this.checkerFor(fieldConfig.type)) return fieldConfig;
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, visibility: "checked" } };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    const check = this.checkerFor(fieldConfig.type);
    if (!check) return resolver;
    const { nullable } = fieldConfig.type;
    const settle = (value: unknown) => {
      if (value !== REFUSED) return value;
      if (nullable) return null;
      throw new NotFoundError();
    };
    return (parent, args, context, info) => {
      const result = resolver(parent, args, context, info);
      if (isThenable(result)) return Promise.resolve(result).then((value) => settle(check(value, context)));
      return settle(check(result, context));
    };
  }

  /**
   * A function that passes a field's result through the guards of the objects it can hold, or null
   * when it can hold none that has a guard (money, merchants, …: those fields are left as they are).
   */
  private checkerFor(type: PothosOutputFieldType<Types>): Checker | null {
    if (type.kind === "List") {
      const item = this.checkerFor(type.type);
      if (!item) return null;
      const dropRefused = !type.type.nullable;
      return (value, context) => {
        if (!Array.isArray(value)) return value;
        const checked = value.map((entry) => item(entry, context));
        return dropRefused
          ? checked.filter((entry) => entry !== REFUSED)
          : checked.map((entry) => (entry === REFUSED ? null : entry));
      };
    }
    if (type.kind === "Object") {
      const guard = this.guardOf(this.buildCache.getTypeConfig(type.ref).name);
      if (!guard) return null;
      return (value, context) => (value == null || guard(value, context) ? value : REFUSED);
    }
    if (type.kind === "Interface" || type.kind === "Union") {
      // The concrete type is known from the value's brand (relay brands what node/nodes load). A
      // value without a brand cannot be checked, so it is refused.
      return (value, context) => {
        if (value == null) return value;
        const brand = getTypeBrand(value);
        if (typeof brand !== "string") return REFUSED;
        const guard = this.guardOf(brand);
        return !guard || guard(value, context) ? value : REFUSED;
      };
    }
    return null;
  }
}

const pluginName = "visibility";
export default pluginName;

SchemaBuilder.registerPlugin(pluginName, PothosVisibilityPlugin);
