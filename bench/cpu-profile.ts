import { readFileSync } from "node:fs";

/**
 * Where a server process's CPU went, from a V8 `.cpuprofile` (`node --cpu-prof`): each sample's
 * time goes to the category of its innermost frame that names code (native frames such as
 * `writev` or `JSON.parse` count for the code that called them), and samples of start-up (module
 * loading, the PIN key, bootstrap) are left out so that the table is the steady state's.
 */

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Categories in the order the table lists them; the first rule that matches a frame wins. */
const RULES: [category: string, matches: (frame: CallFrame) => boolean][] = [
  ["Garbage collection", (f) => f.functionName === "(garbage collector)"],
  [
    "zod (EnKash answers and requests)",
    (f) => /node_modules\/zod\//.test(f.url) || /src\/enkash\/wire\//.test(f.url),
  ],
  ["JSON.parse of EnKash answers", (f) => f.functionName === "readEnvelope"],
  ["JSON.stringify of results", (f) => f.functionName === "jsonStringifyResultWithoutInternals"],
  ["Our EnKash client (src/enkash)", (f) => /src\/enkash\//.test(f.url)],
  ["Our resolvers and schema (src/schema)", (f) => /src\/schema\//.test(f.url)],
  [
    "GraphQL execution (graphql-jit, graphql-js, Pothos, DataLoader)",
    (f) => /node_modules\/(graphql-jit|graphql|@pothos\/[^/]+|dataloader)\//.test(f.url),
  ],
  [
    "Yoga, envelop and our plugins",
    (f) =>
      /node_modules\/(graphql-yoga|@graphql-yoga\/[^/]+|@envelop\/[^/]+|@escape\.tech\/[^/]+)\//.test(
        f.url,
      ) || /src\/(plugins|app\.ts|context\.ts|cors\.ts)/.test(f.url),
  ],
  ["HTTP in: whatwg-node's Request and Response", (f) => /node_modules\/@whatwg-node\//.test(f.url)],
  [
    "HTTP out: undici to EnKash",
    (f) => /node_modules\/(undici|node-fetch)\//.test(f.url) || f.url.startsWith("node:internal/deps/undici"),
  ],
  [
    "A peer's framework (Apollo Server, RESTDataSource, Hive Gateway, Mesh)",
    (f) =>
      /node_modules\/(@apollo\/[^/]+|@graphql-hive\/[^/]+|@graphql-mesh\/[^/]+|@omnigraph\/[^/]+|@graphql-tools\/[^/]+|lodash\.clonedeep|express|body-parser|negotiator)\//.test(
        f.url,
      ),
  ],
  ["A peer's own code (bench/peers)", (f) => /bench\/peers\/[^/]+\.js$/.test(f.url)],
  [
    "Metrics, logs, auth (prom-client, pino, jose, src/auth)",
    (f) =>
      /node_modules\/(prom-client|pino|@pinojs\/[^/]+|jose)\//.test(f.url) ||
      /src\/(auth\/|metrics|logger|rate-limit|call-rate|state-store)/.test(f.url),
  ],
  [
    "Sockets and node's HTTP server",
    (f) => /^node:(net|_http_|http|internal\/stream_base_commons|internal\/streams)/.test(f.url),
  ],
  ["Promise jobs and events", (f) => /^(runMicrotasks|processTicksAndRejections)$/.test(f.functionName)],
  ["Other node internals", (f) => f.url.startsWith("node:")],
];
const OTHER = "Other (our remaining code, program)";

/** Frames that only run while the process starts; their samples are not the steady state's. */
const startUp = (f: CallFrame) =>
  f.url.startsWith("node:internal/modules") ||
  f.url.includes("/node_modules/tsx/") ||
  ["bootstrap", "pinKeyFrom", "generateKeyPairSync", "loadConfig"].includes(f.functionName);

/** Milliseconds of CPU per category over the profile (idle and start-up left out). */
function categorise(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totals = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === "(idle)") continue;
    let category: string | undefined;
    let inStartUp = false;
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (!frame) break;
      if (startUp(frame)) inStartUp = true;
      if (
        category === undefined &&
        (frame.url || frame.functionName.startsWith("(") || RULES.some(([, m]) => m(frame)))
      )
        category = RULES.find(([, matches]) => matches(frame))?.[0] ?? (frame.url ? OTHER : undefined);
    }
    if (inStartUp) continue;
    const key = category ?? OTHER;
    totals.set(key, (totals.get(key) ?? 0) + micros / 1000);
  }
  return totals;
}

/** A markdown table: ms per operation by category, largest first, with the total. */
export function profileTable(file: string, operations: number): string {
  const totals = categorise(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const rows = [...totals].sort((a, b) => b[1] - a[1]);
  const sum = rows.reduce((total, [, ms]) => total + ms, 0);
  return [
    "| Where | ms per operation | share |",
    "| --- | --- | --- |",
    ...rows.map(
      ([where, ms]) => `| ${where} | ${(ms / operations).toFixed(3)} | ${((100 * ms) / sum).toFixed(1)}% |`,
    ),
    `| **Total** | **${(sum / operations).toFixed(3)}** | |`,
  ].join("\n");
}
