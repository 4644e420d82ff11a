/**
 * The layers of src/, as rules over its import graph (scripts/check-layers.ts reads the graph;
 * this file only judges it, so a unit test can hand it a made-up one).
 *
 * Each file belongs to a package: its first folder under src/, or `root` for the app's wiring
 * directly in src/ (main, bootstrap, app, context, config and the services they assemble). From
 * the bottom up:
 * - shared, domain: utilities the client and the sandbox share (money, dates, the wire's
 *   encryption and vocabulary); keys and IDs of the nouns, which may use them. Nothing above.
 * - enkash, auth: the EnKash client, its loaders and planner; who the viewer is and what it may see.
 *   They know nothing of GraphQL.
 * - events: card events in (EnKash's webhooks, the mutations' own) and their log; they read
 *   EnKash's wire types, and know nothing of GraphQL.
 * - schema, plugins: the graph and the Yoga plugins around it; neither imports the other.
 * - root: wires everything together; the only importer of the schema.
 * - sandbox: the simulated EnKash, beside the server: it shares only domain and shared with it.
 * enkash, auth, events, schema and plugins may name types the wiring declares (the request's Context, the
 * Logger, the Metrics) with `import type`, which leaves nothing at run time: the wiring hands them
 * those objects. Any other import of the wiring, or against the table below, is refused; so is an
 * import cycle, between files (type-only imports included) or between packages.
 */

const PACKAGES = [
  "domain",
  "shared",
  "enkash",
  "auth",
  "events",
  "schema",
  "plugins",
  "sandbox",
  "root",
] as const;
export type Package = (typeof PACKAGES)[number];

/** What each package may import from the others (its own files it always may). */
const MAY_IMPORT: Record<Package, readonly Package[]> = {
  domain: ["shared"],
  shared: [],
  enkash: ["domain", "shared", "auth"],
  auth: ["domain", "shared", "enkash"],
  events: ["domain", "shared", "enkash"],
  schema: ["domain", "shared", "enkash", "auth", "events"],
  plugins: ["domain", "shared", "enkash", "auth", "events"],
  sandbox: ["domain", "shared"],
  root: ["domain", "shared", "enkash", "auth", "events", "schema", "plugins", "sandbox"],
};

/** Packages that may take types, and only types, from the wiring. */
const TYPES_FROM_ROOT: ReadonlySet<Package> = new Set(["enkash", "auth", "events", "schema", "plugins"]);

/** One import: file paths relative to src/ ("schema/card.ts"); `typeOnly` for `import type`. */
export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

export interface LayerReport {
  files: number;
  packages: number;
  /** Which packages import which, as "from -> to" (type-only imports of the wiring left out). */
  packageImports: string[];
  /** Imports the table refuses, and files in no known package. */
  violations: string[];
  /** Import cycles, each as its members in order ("a.ts -> b.ts -> a.ts"). */
  fileCycles: string[];
  packageCycles: string[];
}

/** The package of a file under src/; null when its folder is none of PACKAGES. */
export function packageOf(file: string): Package | null {
  const slash = file.indexOf("/");
  if (slash < 0) return "root";
  const folder = file.slice(0, slash);
  return (PACKAGES as readonly string[]).includes(folder) && folder !== "root" ? (folder as Package) : null;
}

/** Judges an import graph (`files`: every file, importing or not). Pure. */
export function checkLayers(files: readonly string[], imports: readonly Import[]): LayerReport {
  const violations: string[] = [];
  for (const file of files)
    if (!packageOf(file)) violations.push(`${file} is in no package of scripts/layers.ts`);
  const fileGraph = new Map<string, Set<string>>();
  const packageGraph = new Map<string, Set<string>>();
  for (const { from, to, typeOnly } of imports) {
    addEdge(fileGraph, from, to);
    const [a, b] = [packageOf(from), packageOf(to)];
    if (!a || !b || a === b) continue;
    // The wiring's types are handed down with the objects it makes: no dependency on the wiring.
    if (b === "root" && typeOnly && TYPES_FROM_ROOT.has(a)) continue;
    if (!MAY_IMPORT[a].includes(b))
      violations.push(`${from} -> ${to}: ${a} may not import ${b}${typeOnly ? " (not even types)" : ""}`);
    addEdge(packageGraph, a, b);
  }
  return {
    files: files.length,
    packages: new Set(files.map(packageOf).filter((found) => found !== null)).size,
    packageImports: [...packageGraph]
      .flatMap(([a, targets]) => [...targets].map((b) => `${a} -> ${b}`))
      .sort(),
    violations,
    fileCycles: cyclesOf(fileGraph),
    packageCycles: cyclesOf(packageGraph),
  };
}

/** One line saying how the graph stands. */
export function summary(report: LayerReport): string {
  const problems = report.violations.length + report.fileCycles.length + report.packageCycles.length;
  const counts = `${report.files} files in ${report.packages} packages, ${report.packageImports.length} package dependencies`;
  return problems === 0
    ? `layers: ${counts}; no cycle between files or packages; every import follows the layers`
    : `layers: ${counts}; ${report.violations.length} imports against the layers, ${report.fileCycles.length} file cycles, ${report.packageCycles.length} package cycles`;
}

function addEdge(graph: Map<string, Set<string>>, from: string, to: string): void {
  graph.set(from, (graph.get(from) ?? new Set()).add(to));
  if (!graph.has(to)) graph.set(to, new Set());
}

/**
 * The cycles of a graph: one per strongly connected component of more than one node (or a node
 * importing itself), shown as a path through it back to where it started (Tarjan's algorithm).
 */
function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = new Set<string>();
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.add(member);
      if (member === node) break;
    }
    // Told from its alphabetically first member, so the same cycle always reads the same.
    if (component.size > 1 || graph.get(node)?.has(node))
      cycles.push(pathThrough(graph, component, [...component].sort()[0] as string));
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** A cycle inside `component` from `start` back to it, found breadth-first (the shortest). */
function pathThrough(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  component: ReadonlySet<string>,
  start: string,
): string {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at) as string) path.splice(1, 0, at);
        return [...path, start].join(" -> ");
      }
      if (component.has(next) && !cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return start;
}
