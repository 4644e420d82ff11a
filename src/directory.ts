/**
 * The companies and card accounts this server serves. EnKash has no endpoint that lists a
 * company's accounts, so they come from configuration (the partner's onboarded accounts) plus the
 * accounts created through this server.
 */
export class AccountDirectory {
  private readonly accounts = new Map<string, Set<string>>();

  constructor(initial: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [companyId, accountIds] of Object.entries(initial)) {
      for (const cardAccountId of accountIds) this.add(companyId, cardAccountId);
    }
  }

  add(companyId: string, cardAccountId: string): void {
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
