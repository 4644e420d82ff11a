import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIGURATION_DOC, renderConfigurationDoc } from "../scripts/config-doc.ts";

describe("the docs", () => {
  it("docs/configuration.md matches src/config.ts (run `npm run docs:config` after changing a setting)", () => {
    const committed = readFileSync(CONFIGURATION_DOC, "utf8");
    expect(committed).toBe(renderConfigurationDoc(committed));
  });
});
