import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_DOC, renderConfigurationDoc } from "../../scripts/config-doc.ts";
import { credentialsSchema, tuningSchema } from "../../src/config.ts";
import { Metrics } from "../../src/metrics.ts";
import { operationNames } from "../../src/operation-names.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Every file under `dir` (relative to the repository), recursively; installed packages are not ours (bench/peers/node_modules). */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (name === "node_modules") return [];
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The paths of docs/architecture.md's layout: a fenced block under "## Layout" where each line is
 * indented two spaces per level, then names separated by single spaces, then two or more spaces and
 * a description. A name ending in "/" opens a directory for the lines indented below it; a name
 * starting with "*" stands for every file of its directory with that ending.
 */
function layoutPaths(markdown: string): string[] {
  const section = markdown.split(/^## Layout$/m)[1] ?? "";
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error("docs/architecture.md has no fenced block under ## Layout");
  const open: string[] = [];
  const paths: string[] = [];
  for (const line of block.split("\n")) {
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (indent % 2 !== 0) throw new Error(`odd indentation in the layout: ${line}`);
    open.length = indent / 2;
    const names = (line.trim().split(/ {2,}/)[0] ?? "").split(" ");
    for (const name of names) paths.push(`${open.join("")}${name}`);
    const only = names[0];
    if (names.length === 1 && only?.endsWith("/")) open.push(only);
  }
  return paths;
}

/** GitHub's anchor for a heading. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replaceAll(" ", "-");

describe("the docs", () => {
  it("docs/configuration.md matches src/config.ts (run `npm run docs:config` after changing a setting)", () => {
    const committed = readFileSync(CONFIGURATION_DOC, "utf8");
    expect(committed).toBe(renderConfigurationDoc(committed));
  });

  it("docs/architecture.md's layout lists only files that exist, and every file of the source folders", () => {
    const listed = layoutPaths(read("docs/architecture.md"));
    const globs = listed.filter((path) => path.includes("*"));
    const plain = new Set(listed.filter((path) => !path.includes("*")));
    expect(
      [...plain].filter((path) => !existsSync(join(ROOT, path))),
      "listed in docs/architecture.md's Layout but gone: remove or rename them there",
    ).toEqual([]);
    const covered = (file: string) =>
      plain.has(file) ||
      globs.some((glob) => {
        const [dir, ending] = [dirname(glob), glob.slice(glob.lastIndexOf("*") + 1)];
        return dirname(file) === dir && file.endsWith(ending);
      });
    for (const glob of globs)
      expect(
        filesUnder(dirname(glob)).some((file) => covered(file)),
        `${glob} matches no file`,
      ).toBe(true);
    const folders = ["src", "scripts", "soak", "bench", "test", "docs", "operations"];
    expect(
      folders.flatMap(filesUnder).filter((file) => !covered(file)),
      "new files: give each a line in docs/architecture.md's Layout",
    ).toEqual([]);
  });

  it("every relative link of README.md and docs/ points at a file (and a heading) that exists", () => {
    const pages = [
      "README.md",
      "BENCHMARKS.md",
      ...filesUnder("docs").filter((file) => file.endsWith(".md")),
    ];
    const broken: string[] = [];
    for (const page of pages) {
      const text = read(page).replace(/```[\s\S]*?```/g, "");
      for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? page : relative(ROOT, join(ROOT, dirname(page), path));
        if (!existsSync(join(ROOT, file))) {
          broken.push(`${page}: ${target}`);
          continue;
        }
        if (!anchor || !file.endsWith(".md")) continue;
        const headings = [...read(file).matchAll(/^#+ (.+)$/gm)].map(([, heading = ""]) => slug(heading));
        if (!headings.includes(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

/** The pages a reader is sent to: README.md, BENCHMARKS.md and every page of docs/. */
const PAGES = ["README.md", "BENCHMARKS.md", ...filesUnder("docs").filter((file) => file.endsWith(".md"))];

/** Every file of the repository but dependencies, builds and git's own. */
const repositoryFiles = (dir = ""): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (["node_modules", "dist", ".git", "coverage"].includes(name)) return [];
    const path = dir === "" ? name : join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? repositoryFiles(path) : [path];
  });

/** Each page's mentions matching `pattern` (its first group that matched). */
function mentions(pattern: RegExp): { page: string; name: string }[] {
  return PAGES.flatMap((page) =>
    [...read(page).matchAll(pattern)].map(([, ...groups]) => ({ page, name: groups.find(Boolean) ?? "" })),
  );
}

describe("what the docs name exists", () => {
  it("every src/, test/, scripts/, soak/, bench/, operations/ and docs/ path exists", () => {
    const paths = mentions(/(?<![\w./-])((?:src|test|scripts|soak|bench|operations|docs)\/[\w./*-]*)/g)
      .map(({ page, name }) => ({ page, name: name.replace(/[.,:;]+$/, "") }))
      .filter(({ name }) => !name.includes("*"));
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.filter(({ name }) => !existsSync(join(ROOT, name)))).toEqual([]);
  });

  it("every file named without its folder (card.ts, build.mjs, …) is a file of the repository", () => {
    const names = new Set(repositoryFiles().map((file) => file.split("/").pop()));
    const named = mentions(/(?<![\w./-])([\w-]+\.(?:ts|mjs|sh|graphql|json))\b/g);
    expect(named.filter(({ name }) => !names.has(name))).toEqual([]);
  });

  it("every `npm run X` (and npm start, npm test) is a script of package.json", () => {
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    const named = mentions(/npm (?:run (?:--silent )?([\w:-]*\w)|(start|test)\b)/g);
    expect(named.filter(({ name }) => !(name in scripts))).toEqual([]);
  });

  it("every setting named is a setting of src/config.ts, and every other constant is in the code", () => {
    const settings = new Set([...Object.keys(tuningSchema.shape), ...Object.keys(credentialsSchema.shape)]);
    const code = filesUnder("src")
      .filter((file) => file.endsWith(".ts") && file !== "src/config.ts")
      .map(read)
      .join("\n");
    const literals = new Set([...code.matchAll(/"([A-Z][A-Z0-9_]*)"/g)].map(([, literal]) => literal));
    const settingLike =
      /^(ENKASH|AUTH|HTTP|SHUTDOWN|SANDBOX|GRAPHQL|LOG|CORS|PIN|TRUSTED|PROTECTIVE|REDIS)_|^(PORT|HOST|GRAPHIQL|INTROSPECTION)$/;
    const named = mentions(/(?<![\w-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT|HOST|GRAPHIQL|INTROSPECTION)\b/g);
    // A setting-like name must be a setting, or a code the server answers with (a string in src/).
    expect(
      named.filter(({ name }) => settingLike.test(name) && !settings.has(name) && !literals.has(name)),
    ).toEqual([]);
    // Any other constant (codes, EnKash's vocabulary, tables of the code) must be in src/, scripts/
    // (the schema check's change types) or package.json.
    const scripts = filesUnder("scripts")
      .filter((file) => file.endsWith(".ts"))
      .map(read)
      .join("\n");
    const known = `${code}\n${scripts}\n${read("src/config.ts")}\n${read("package.json")}`;
    const outside = new Set(["NODE_OPTIONS"]); // Node's own
    expect(
      named.filter(
        ({ name }) =>
          !settingLike.test(name) && !outside.has(name) && !new RegExp(`\\b${name}\\b`).test(known),
      ),
    ).toEqual([]);
  });

  it("every metric named exists in src/metrics.ts with the labels named", () => {
    const registry = new Metrics().registry;
    const metric = /`([a-z]+(?:_[a-z]+)*_(?:total|seconds|open))(?:\{([a-z_,]*)\})?`/g;
    expect(mentions(metric).length).toBeGreaterThan(5);
    const wrong = PAGES.flatMap((page) =>
      [...read(page).matchAll(metric)].flatMap(([, name = "", labels]) => {
        // prom-client keeps a metric's label names on it, untyped.
        const found = registry.getSingleMetric(name) as unknown as { labelNames?: string[] } | undefined;
        if (!found) return [`${page}: ${name} (no such metric)`];
        const expected = (labels ?? "").split(",").filter(Boolean);
        const actual = found.labelNames ?? [];
        return labels === undefined || expected.join() === actual.join()
          ? []
          : [`${page}: ${name}{${labels}} (its labels are ${actual.join(",")})`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("every GraphQL example (a graphql fence) is valid against schema.graphql", () => {
    const schema = buildSchema(read("schema.graphql"));
    const examples = PAGES.flatMap((page) =>
      [...read(page).matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, text = ""]) => ({ page, text })),
    );
    expect(examples.length).toBeGreaterThan(0);
    const invalid = examples.flatMap(({ page, text }) =>
      validate(schema, parse(text)).map((error) => `${page}: ${error.message}`),
    );
    expect(invalid).toEqual([]);
  });

  it("docs/security.md counts the example operations that are metric labels", () => {
    const documents = filesUnder("operations")
      .filter((file) => file.endsWith(".graphql"))
      .map(read);
    const said = /today (\d+)\s+example operations/.exec(read("docs/security.md"))?.[1];
    expect(Number(said)).toBe(operationNames(documents).size);
  });
});
