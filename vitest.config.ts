import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const require = createRequire(import.meta.url);

/**
 * The projects in the order their files are handed to workers: the slow files first (the longest
 * single files of the run; started last, they would end it alone), then the integration files,
 * then the short unit files that fill the gaps at the end. Within a project, vitest's own order
 * (failed first, then longest by the last run, else largest). A project's files stay together, so
 * a worker is reused from one file to the next (see `isolate` below).
 */
const ORDER = ["slow", "integration", "unit"];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => ORDER.indexOf(file.project.name);
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs) and CommonJS builds; Node loads the CommonJS one for the
    // libraries (Pothos, Yoga), so the tests must too, or two "graphql" instances meet.
    // Exactly "graphql": deep imports (graphql/execution/…) resolve to the CommonJS files themselves.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    // Most tests talk real loopback HTTP; a generous timeout absorbs a slow CI machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default is one worker fewer than the CPUs: 1 on a 2-core machine. The tests mostly
    // wait (on loopback HTTP, child processes, redis-server), so two files at once fit on 2 cores.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Pure code: no servers, sockets or child processes.
          include: ["test/unit/**/*.test.ts"],
          // Files share a worker and its loaded modules (nothing here keeps state between files).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // The server and the sandbox in process, over real loopback HTTP: every test file that is
          // neither unit nor slow.
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/unit/**", "test/slow/**"],
          // Each file starts its own sandbox and server; the modules they are built from (the
          // schema, Yoga, the EnKash client) hold no state of their own, so files share a worker
          // and import them once instead of once per file (that import was a third of the run).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "slow",
          // Child processes (npm start, npm run sandbox, npm run token, npm run bench), a real
          // redis-server, and soaks: left out of `npm run test:fast`.
          include: ["test/slow/**/*.test.ts"],
          isolate: false,
        },
      },
    ],
  },
});
