import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_DOC, renderConfigurationDoc } from "../scripts/config-doc.ts";

const ROOT = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Every file under `dir` (relative to the repository), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
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
    expect([...plain].filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
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
    expect(folders.flatMap(filesUnder).filter((file) => !covered(file))).toEqual([]);
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
