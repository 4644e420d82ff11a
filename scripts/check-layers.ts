import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { checkLayers, type Import, summary } from "./layers.ts";

/**
 * npm run check:layers: reads src/'s import graph with TypeScript's own parser and module
 * resolution (tsconfig.json's options), has scripts/layers.ts judge it, prints what breaks the
 * layers and a one-line summary, and exits 1 if anything does. Parsing alone, no type-checking:
 * about a second.
 */
const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src");

const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
  },
});
if (!config) throw new Error("tsconfig.json could not be read");

const files = config.fileNames.filter((file) => file.startsWith(`${src}/`) && !file.endsWith(".d.ts"));
const imports: Import[] = files.flatMap((file) =>
  importsOf(file).flatMap(({ specifier, typeOnly }) => {
    const resolved = ts.resolveModuleName(specifier, file, config.options, ts.sys).resolvedModule;
    // Packages from node_modules and Node's own modules are outside the layers.
    if (!resolved || resolved.isExternalLibraryImport || !resolved.resolvedFileName.startsWith(`${src}/`))
      return [];
    return [{ from: relative(file), to: relative(resolved.resolvedFileName), typeOnly }];
  }),
);

const report = checkLayers(files.map(relative), imports);
for (const violation of report.violations) console.error(`import against the layers: ${violation}`);
for (const cycle of report.fileCycles) console.error(`file cycle: ${cycle}`);
for (const cycle of report.packageCycles) console.error(`package cycle: ${cycle}`);
console.log(summary(report));
process.exitCode = report.violations.length + report.fileCycles.length + report.packageCycles.length ? 1 : 0;

function relative(file: string): string {
  return path.relative(src, file).split(path.sep).join("/");
}

/**
 * The modules a file imports: import and export-from declarations (type-only when written
 * `import type` / `export type`; `import { type A }` still loads the module under
 * verbatimModuleSyntax), `import("…")` calls, and `import("…")` types.
 */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      found.push({ specifier: (node.argument.literal as ts.StringLiteral).text, typeOnly: true });
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
