import { defineConfig } from "@graphql-mesh/compose-cli";
import { loadOpenAPISubgraph } from "@omnigraph/openapi";

/**
 * The Mesh composition of the Hive Gateway peer: one OpenAPI source, EnKash's card API as the
 * benchmark calls it (enkash-openapi.json). `npx mesh-compose -o supergraph.graphql` here prints
 * the same supergraph hive.js composes at start-up. EnKash's endpoints are all POSTs, which Mesh
 * makes mutations (run one after another); the reads are declared queries so that a document's
 * root fields run together, as anyone using this API through Mesh would.
 */
export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph("EnKash", {
        source: "./enkash-openapi.json",
        endpoint: process.env.ENKASH_BASE_URL,
        // Interpolated by the gateway on every call, from its own environment (hive.js logs in first).
        operationHeaders: {
          authorization: "Bearer {env.ENKASH_TOKEN}",
          partnerId: "{env.ENKASH_PARTNER_ID}",
        },
        selectQueryOrMutationField: [
          "getCardAccount",
          "getCardDetails",
          "getUsageControls",
          "listCards",
          "searchTransactions",
        ].map((fieldName) => ({ type: "query", fieldName })),
      }),
    },
  ],
});
