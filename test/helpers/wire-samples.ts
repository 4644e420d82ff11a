/**
 * EnKash answers the documented pages do not show whole (a transaction record, usage controls),
 * written from the reference's field lists (../shared/enkash/api-reference.md §7.10, §9.3) for
 * tests of the answer contracts; and a page of items as EnKash's search calls answer.
 */

export const SAMPLE_TRANSACTION = {
  enKashTransactionId: "ETXN1",
  enKashCardId: "EKC94AEX89",
  cardAccountId: "CAA8W45",
  companyId: "CEKEP5GSGP",
  principalAmount: 125.5,
  balance: "874.50",
  currency: "INR",
  cardTransactionType: "DR",
  type: "PURCHASE",
  status: "SUCCESS",
  declineReason: null,
  pgReferenceNumber: null,
  description: "Coffee",
  txnDate: "2026-11-30 10:15:00",
  maskedCard: "2004 01XX XXXX XX87",
  txnDetails: { merchantName: "Cafe", mcc: "5814", channel: "POS", retrievalRefNo: "R1" },
};

export const SAMPLE_USAGE_CONTROLS = {
  enKashCardId: "EKC94AEX89",
  posAllowed: true,
  onlineAllowed: false,
  atmAllowed: null,
  perTxnLimit: 5000,
  dtd: "10000.00",
  dtdCount: 5,
  modifiedOn: "2026-11-30",
};

/** A one-page answer of a search call holding `item` twice. */
export const pageOf = (item: unknown) => ({
  content: [item, item],
  page: 0,
  size: 2,
  totalElements: 2,
  totalPages: 1,
  last: true,
});
