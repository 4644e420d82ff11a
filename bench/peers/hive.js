import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { getComposedSchemaFromConfig } from "@graphql-mesh/compose-cli";
import { login } from "./enkash-login.js";
import { composeConfig } from "./mesh.config.js";

/**
 * The Hive Gateway peer: a supergraph composed by GraphQL Mesh from the OpenAPI description of
 * EnKash's card API (mesh.config.js), served by Hive Gateway's runtime on node:http, one process.
 * Composition happens here, before listening, because the sandbox's URL is only known at run time.
 * Env: ENKASH_BASE_URL, ENKASH_TOKEN_URL, the five credentials, PORT (0: any free port).
 */
process.chdir(import.meta.dirname);
process.env.ENKASH_TOKEN = await login(process.env);
const quiet = { log() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
quiet.child = () => quiet;
const supergraph = await getComposedSchemaFromConfig({ ...composeConfig, cwd: import.meta.dirname }, quiet);
const gateway = createGatewayRuntime({ supergraph, logging: "error", graphqlEndpoint: "/graphql" });
const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`Hive Gateway ready at http://127.0.0.1:${server.address().port}/graphql`);
});
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
