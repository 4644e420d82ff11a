import { isIdPart } from "./domain/keys.ts";
import type { Logger } from "./logger.ts";
import type { StateStore } from "./state-store.ts";

/** The shared set of accounts created through the graph, as `companyId:cardAccountId`. */
const CREATED_ACCOUNTS = "directory:created-accounts";
/** How long a request waits for the store's count before going on with what is known. */
const REFRESH_TIMEOUT_MS = 250;
const REFRESH_PAUSE_MS = 1_000;

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The companies and card accounts this server serves. EnKash has no endpoint that lists a
 * company's accounts, so they come from configuration (the partner's onboarded accounts) plus the
 * accounts created through this server.
 *
 * Created accounts are kept in the shared state store (Redis when configured), so every instance
 * serves them, and after a restart too. Lookups stay synchronous and in memory: each request first
 * asks the store how many accounts it holds (one SCARD) and reads them only when that changed, so
 * an account created on one instance is served by every other from their next request on.
 */
export class AccountDirectory {
  private readonly accounts = new Map<string, Set<string>>();
  /** How many created accounts the store held when last read. */
  private sharedSeen = 0;
  /** After the store failed to answer, requests do not ask it again until then. */
  private quietUntil = 0;

  constructor(
    initial: Readonly<Record<string, readonly string[]>> = {},
    private readonly shared: { store: StateStore; logger: Logger } | null = null,
  ) {
    for (const [companyId, accountIds] of Object.entries(initial)) {
      for (const cardAccountId of accountIds) this.add(companyId, cardAccountId);
    }
  }

  /**
   * Serves an account created through the graph, here and, through the store, everywhere. Never
   * throws: EnKash has made the account, so the mutation succeeded even if the store is away (the
   * account is then served here only, and the log says so).
   */
  async remember(companyId: string, cardAccountId: string): Promise<void> {
    this.add(companyId, cardAccountId);
    try {
      await this.shared?.store.addToSet(CREATED_ACCOUNTS, `${companyId}:${cardAccountId}`);
    } catch {
      this.shared?.logger.warn(
        { companyId, cardAccountId },
        "created card account could not be kept in the shared store; only this instance serves it until it is added to ENKASH_ACCOUNTS",
      );
    }
  }

  /**
   * Takes in accounts other instances created since the last look (a no-op without a store).
   * Never throws: with the store away, the accounts already known are served.
   */
  async refresh(): Promise<void> {
    if (!this.shared || Date.now() < this.quietUntil) return;
    try {
      const size = await withinMs(REFRESH_TIMEOUT_MS, this.shared.store.setSize(CREATED_ACCOUNTS));
      if (size === this.sharedSeen) return;
      for (const member of await this.shared.store.setMembers(CREATED_ACCOUNTS)) {
        const [companyId = "", cardAccountId = "", extra] = member.split(":");
        // Only well-formed IDs: the store is shared, and these decide what is served.
        if (extra === undefined && isIdPart(companyId) && isIdPart(cardAccountId))
          this.add(companyId, cardAccountId);
      }
      this.sharedSeen = size;
    } catch {
      // A store that is away must not slow every request: look again after a pause.
      this.quietUntil = Date.now() + REFRESH_PAUSE_MS;
      this.shared.logger.warn(
        {},
        "the shared store did not answer in time; accounts created elsewhere may not be served yet",
      );
    }
  }

  private add(companyId: string, cardAccountId: string): void {
    let set = this.accounts.get(companyId);
    if (!set) {
      set = new Set();
      this.accounts.set(companyId, set);
    }
    set.add(cardAccountId);
  }

  companies(): string[] {
    return [...this.accounts.keys()];
  }

  hasCompany(companyId: string): boolean {
    return this.accounts.has(companyId);
  }

  accountsOf(companyId: string): string[] {
    return [...(this.accounts.get(companyId) ?? [])];
  }

  /** Whether the server serves this account (unknown accounts are not looked up at all). */
  hasAccount(companyId: string, cardAccountId: string): boolean {
    return this.accounts.get(companyId)?.has(cardAccountId) ?? false;
  }
}

/** `CEKEP5GSGP:CAA8W45,CABFIPS;CEK7T1WMC6:CAVBMRFE8` -> { CEKEP5GSGP: [...], ... }, or undefined. */
export function parseAccountList(text: string): Record<string, string[]> | undefined {
  const result: Record<string, string[]> = {};
  for (const entry of text
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9]{1,64}):([A-Za-z0-9]{1,64}(?:,[A-Za-z0-9]{1,64})*)$/.exec(entry);
    if (!match?.[1] || !match[2]) return undefined;
    result[match[1]] = match[2].split(",");
  }
  return result;
}
