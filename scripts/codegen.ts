import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codegen } from "@graphql-codegen/core";
import * as typedDocumentNode from "@graphql-codegen/typed-document-node";
import * as typescriptOperations from "@graphql-codegen/typescript-operations";
import { buildSchema, parse } from "graphql";

/**
 * `npm run codegen`, after scripts/print-schema.ts wrote schema.graphql: typed documents for every
 * named operation in operations/ (operations/generated.ts), which the tests use and partners can
 * copy as a typed client. GraphQL Codegen's core and its two plugins, called here rather than
 * through its CLI: the CLI brings URL, GitHub and Apollo loaders, a watcher and a task runner this
 * project never uses, and with them the dependencies that want Node 22 or newer.
 */
const root = join(import.meta.dirname, "..");
const sdl = readFileSync(join(root, "schema.graphql"), "utf8");
const operations = join(root, "operations");
const documents = readdirSync(operations)
  .filter((file) => file.endsWith(".graphql"))
  .sort()
  .map((file) => ({
    location: join(operations, file),
    document: parse(readFileSync(join(operations, file), "utf8")),
  }));

const output = await codegen({
  filename: "operations/generated.ts",
  schema: parse(sdl),
  schemaAst: buildSchema(sdl),
  documents,
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { Decimal: "string", DateTime: "string", Pin: "string", Otp: "string", ID: "string" },
    avoidOptionals: { field: true, inputValue: false },
  },
  plugins: [{ "typescript-operations": {} }, { "typed-document-node": {} }],
  pluginMap: { "typescript-operations": typescriptOperations, "typed-document-node": typedDocumentNode },
});
writeFileSync(join(operations, "generated.ts"), output);
