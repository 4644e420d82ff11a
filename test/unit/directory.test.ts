import { describe, expect, it } from "vitest";
import { AccountDirectory } from "../../src/directory.ts";
import { createJsonLogger } from "../../src/logger.ts";
import { MemoryStateStore, type StateStore } from "../../src/state-store.ts";

const quiet = createJsonLogger("error", () => {});

describe("the account directory and its shared store", () => {
  it("takes in accounts another instance remembered, and ignores malformed members", async () => {
    const store = new MemoryStateStore();
    const here = new AccountDirectory({ CEKEP5GSGP: ["CAA8W45"] }, { store, logger: quiet });
    const there = new AccountDirectory({}, { store, logger: quiet });
    await there.remember("CEK7T1WMC6", "CANEW01");
    await store.addToSet("directory:created-accounts", "CEK:../x:y");
    expect(here.hasAccount("CEK7T1WMC6", "CANEW01")).toBe(false);
    await here.refresh();
    expect(here.hasAccount("CEK7T1WMC6", "CANEW01")).toBe(true);
    expect(here.companies().sort()).toEqual(["CEK7T1WMC6", "CEKEP5GSGP"]);
  });

  it("a store that does not answer holds a request back briefly once, then not at all for a while", async () => {
    let asked = 0;
    const hanging = new MemoryStateStore() as StateStore;
    hanging.setSize = () => {
      asked++;
      return new Promise<number>(() => {});
    };
    const logs: string[] = [];
    const directory = new AccountDirectory(
      { CEKEP5GSGP: ["CAA8W45"] },
      { store: hanging, logger: createJsonLogger("warn", (line) => logs.push(line)) },
    );
    await directory.refresh();
    await directory.refresh();
    await directory.refresh();
    expect(asked).toBe(1);
    expect(directory.hasAccount("CEKEP5GSGP", "CAA8W45")).toBe(true);
    expect(logs.join("\n")).toContain("did not answer in time");
  });

  it("remembering never fails the mutation: with the store away the account is served here, and the log says so", async () => {
    const failing = new MemoryStateStore() as StateStore;
    failing.addToSet = async () => {
      throw new Error("connection refused");
    };
    const logs: string[] = [];
    const directory = new AccountDirectory(
      {},
      { store: failing, logger: createJsonLogger("warn", (line) => logs.push(line)) },
    );
    await directory.remember("CEK7T1WMC6", "CANEW02");
    expect(directory.hasAccount("CEK7T1WMC6", "CANEW02")).toBe(true);
    expect(logs.join("\n")).toContain("only this instance serves it");
  });
});
