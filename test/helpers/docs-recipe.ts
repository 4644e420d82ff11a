import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The signature verification recipe of docs/webhooks.md (its first ```js block), loaded as the
 * module a partner would copy: the tests verify deliveries with the docs' own code, so the page
 * cannot drift from what the server signs.
 */
type Verify = (rawBody: string, header: unknown, secret: string, toleranceSeconds?: number) => boolean;

export async function docsVerifier(): Promise<Verify> {
  const page = readFileSync(join(import.meta.dirname, "..", "..", "docs", "webhooks.md"), "utf8");
  const recipe = page.match(/```js\n([\s\S]*?)```/)?.[1];
  if (!recipe) throw new Error("docs/webhooks.md has no ```js block");
  const file = join(await mkdtemp(join(tmpdir(), "webhook-recipe-")), "verify.mjs");
  writeFileSync(file, recipe);
  const module = (await import(pathToFileURL(file).href)) as { verifyEnkashGraphqlSignature?: Verify };
  if (!module.verifyEnkashGraphqlSignature)
    throw new Error("the recipe exports no verifyEnkashGraphqlSignature");
  return module.verifyEnkashGraphqlSignature;
}
