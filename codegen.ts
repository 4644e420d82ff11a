import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * `npm run codegen`: scripts/print-schema.ts writes schema.graphql from the Pothos schema first;
 * this then generates typed documents for every named operation in operations/, which the tests
 * use and partners can copy as a typed client.
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["operations/*.graphql"],
  generates: {
    "operations/generated.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Decimal: "string", DateTime: "string", Pin: "string", Otp: "string", ID: "string" },
        avoidOptionals: { field: true, inputValue: false },
      },
    },
  },
};

export default config;
