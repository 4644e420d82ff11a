import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs) and CommonJS builds; Node loads the CommonJS one for the
    // libraries (Pothos, Yoga), so the tests must too, or two "graphql" instances meet.
    // Exactly "graphql": deep imports (graphql/execution/…) resolve to the CommonJS files themselves.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Every test talks real loopback HTTP; a generous timeout absorbs a slow CI machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
