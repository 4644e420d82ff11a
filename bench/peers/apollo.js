import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { resolvers } from "./apollo-resolvers.js";
import { EnkashApi } from "./enkash-api.js";
import { login } from "./enkash-login.js";

/**
 * An Apollo Server 5 peer: `node apollo.js eager|lookup` (the two resolver styles of
 * apollo-resolvers.js), on startStandaloneServer, a RESTDataSource per request in the context
 * function. Env: ENKASH_BASE_URL, ENKASH_TOKEN_URL, the five credentials, PORT (0: any free port).
 */
const style = process.argv[2] === "lookup" ? "lookup" : "eager";
const token = await login(process.env);
const server = new ApolloServer({
  typeDefs: readFileSync(new URL("apollo-schema.graphql", import.meta.url), "utf8"),
  resolvers: resolvers(style),
  // What a production deployment turns off: the landing page and error stack traces.
  includeStacktraceInErrorResponses: false,
});
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: "127.0.0.1" },
  context: async () => ({
    api: new EnkashApi({
      baseURL: process.env.ENKASH_BASE_URL,
      token,
      partnerId: process.env.ENKASH_PARTNER_ID,
    }),
  }),
});
console.log(`Apollo Server (${style}) ready at ${url}graphql`);
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => server.stop().then(() => process.exit(0)));
