import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test talks real loopback HTTP; a generous timeout absorbs a slow CI machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
