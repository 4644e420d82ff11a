import type { AccountDirectory } from "../directory.ts";
import type { AccountKey, CardKey, TransactionKey } from "../domain/keys.ts";
import type { Viewer } from "./viewer.ts";

/**
 * Which objects one viewer may see: the one check every path to a Company, CardAccount, Card or
 * Transaction runs (root fields, node/nodes, connections, nested fields, mutation inputs and
 * payloads, idempotent replays), and the DataLoaders run it again before any EnKash call for the
 * object. An object must be served here (the account directory) and lie within the viewer's
 * companies; a cardholder sees only their own cards, never whole accounts or companies. Anything
 * refused is treated exactly like something missing, so nothing leaks about what exists.
 */
export class Access {
  constructor(
    readonly viewer: Viewer,
    private readonly directory: AccountDirectory,
  ) {}

  private inCompanies(companyId: string): boolean {
    return this.viewer.companies === "all" || this.viewer.companies.includes(companyId);
  }

  company(companyId: string): boolean {
    return (
      this.viewer.role !== "CARDHOLDER" && this.directory.hasCompany(companyId) && this.inCompanies(companyId)
    );
  }

  account(key: AccountKey): boolean {
    return (
      this.viewer.role !== "CARDHOLDER" &&
      this.directory.hasAccount(key.companyId, key.cardAccountId) &&
      this.inCompanies(key.companyId)
    );
  }

  card(key: CardKey): boolean {
    if (!this.directory.hasAccount(key.companyId, key.cardAccountId) || !this.inCompanies(key.companyId))
      return false;
    return this.viewer.role !== "CARDHOLDER" || (this.viewer.cards ?? []).includes(key.enKashCardId);
  }

  /**
   * EnKash Payment Gateway payments belong to the partner's merchant account, not to a company:
   * only a viewer of every company (a partner admin) may act on them.
   */
  payments(): boolean {
    return this.viewer.role === "PARTNER_ADMIN" && this.viewer.companies === "all";
  }

  /** A transaction is visible with its card; one named without its card, only with the whole account. */
  transaction(key: TransactionKey): boolean {
    return key.enKashCardId ? this.card({ ...key, enKashCardId: key.enKashCardId }) : this.account(key);
  }
}
