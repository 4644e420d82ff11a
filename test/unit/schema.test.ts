import { readFileSync } from "node:fs";
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { printedSchema } from "../../scripts/print-schema.ts";
import { schema } from "../../src/schema/index.ts";

describe("the schema", () => {
  it("matches the committed schema.graphql (run `npm run codegen` after changing it)", () => {
    expect(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8")).toBe(printedSchema());
  });

  it("describes every type, field, argument, input field and enum value", () => {
    const missing: string[] = [];
    const need = (what: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(what);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (isScalarType(type) && ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      need(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(`${type.name}.${field.name}`, field.description);
          for (const arg of field.args) need(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          need(`${type.name}.${field.name}`, field.description);
      if (isEnumType(type))
        for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
      if (isUnionType(type)) need(type.name, type.description);
    }
    expect(missing).toEqual([]);
  });

  it("bounds connection page sizes and documents them", () => {
    const card = schema.getType("Card");
    if (!isObjectType(card)) throw new Error("Card is not an object type");
    const transactions = card.getFields().transactions;
    expect(transactions?.args.map((arg) => arg.name).sort()).toEqual([
      "after",
      "before",
      "filter",
      "first",
      "last",
    ]);
  });
});
