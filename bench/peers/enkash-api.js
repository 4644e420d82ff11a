import { RESTDataSource } from "@apollo/datasource-rest";

const CARD = "/api/v0/partner/enKashCard";

/**
 * EnKash's card API as an Apollo RESTDataSource, one instance per request (made in the context
 * function, as Apollo's docs say). Every call is a POST of a JSON body; the reads among them are
 * de-duplicated for the data source's lifetime, one GraphQL request (RESTDataSource does that for
 * GETs only, and only while the first is in flight; these POSTs are reads), so a resolver that
 * starts a call early and the field that needs it later share one call.
 */
export class EnkashApi extends RESTDataSource {
  constructor({ baseURL, token, partnerId }) {
    super();
    this.baseURL = baseURL;
    this.token = token;
    this.partnerId = partnerId;
  }

  willSendRequest(_path, request) {
    request.headers.authorization = `Bearer ${this.token}`;
    request.headers.partnerId = this.partnerId;
  }

  requestDeduplicationPolicyFor(url, request) {
    return { policy: "deduplicate-until-invalidated", deduplicationKey: `${url} ${request.body}` };
  }

  /** The envelope's payload; a non-zero code (either spelling) is an error. */
  async read(path, body) {
    const answer = await this.post(`${CARD}${path}`, { body });
    const code = answer.code ?? answer.response_code;
    if (code !== 0) throw new Error(`EnKash refused ${path}: ${answer.message ?? answer.response_message}`);
    return answer.payload;
  }

  cardDetails(ref) {
    return this.read("/wallet-details", cardRef(ref));
  }

  usageControls(ref) {
    return this.read("/velocity/rule/get", cardRef(ref));
  }

  cardAccount(ref) {
    return this.read("/cardAccount/get", { companyId: ref.companyId, cardAccountId: ref.cardAccountId });
  }

  listCards(ref, { page = 0, size }) {
    return this.read("/search", { companyId: ref.companyId, cardAccountId: ref.cardAccountId, page, size });
  }

  /** One page of transactions, newest first; `enKashCardId` narrows it to one card. */
  searchTransactions(ref, { page = 0, size, direction, amountFrom }) {
    return this.read("/transaction/all", {
      companyId: ref.companyId,
      cardAccountId: ref.cardAccountId,
      enKashCardId: ref.enKashCardId,
      cardTransactionType: direction,
      amountFrom,
      page,
      size,
    });
  }
}

const cardRef = ({ companyId, cardAccountId, enKashCardId }) => ({ companyId, cardAccountId, enKashCardId });
