/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A postal address in India. */
export type AddressInput = {
  /** City. */
  city: string;
  /** Country (default India). */
  country?: string | null | undefined;
  /** House, street. */
  line1: string;
  /** Area, landmark. */
  line2?: string | null | undefined;
  /** 6-digit PIN code. */
  pincode: string;
  /** State or union territory. */
  state: string;
};

/** The card to block, why, and the cardholder's approval when needed. */
export type BlockCardInput = {
  /** Global ID of the Card. */
  cardId: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval (generateCardOtp first for SMS). Required of cardholders; an admin role named in PROTECTIVE_ACTIONS_WITHOUT_OTP (both admin roles by default) may leave it out, and EnKash is then told otpRequired false. */
  otp?: OtpProofInput | null | undefined;
  /** Why (lost, stolen, fraud…); kept by EnKash. */
  reason?: string | null | undefined;
};

/** The kind of card programme an account runs (EnKash accountType). GIFT accounts issue gift cards; every other type issues prepaid cards. */
export type CardAccountType =
  /** Channel partner incentives. */
  | 'CHANNEL_INCENTIVE'
  /** Corporate expense cards. */
  | 'CORPORATE'
  /** Employee rewards. */
  | 'EMPLOYEE_REWARDS'
  /** EnKash coins. */
  | 'ENKASH_COIN'
  /** e-RUPI vouchers. */
  | 'E_RUPI_VOUCHER'
  /** Freedom rewards. */
  | 'FREEDOM_REWARDS'
  /** Fuel cards. */
  | 'FUEL'
  /** Non-reloadable gift cards: loaded once at issue. */
  | 'GIFT'
  /** Invoice discounting. */
  | 'INVOICE_DISCOUNTING'
  /** Meal cards (food and grocery spends). */
  | 'MEAL'
  /** Payouts. */
  | 'PAYOUT'
  /** Petty cash cards. */
  | 'PETTY_CASH'
  /** General-purpose reloadable prepaid cards. */
  | 'RELOADABLE_GPR'
  /** A virtual account. */
  | 'VIRTUAL_ACCOUNT';

/** The kinds of card event a webhook endpoint can take. */
export type CardEventType =
  /** A card's available balance changed. */
  | 'BALANCE_CHANGED'
  /** A card's status changed (locked, unlocked, blocked, …). */
  | 'STATUS_CHANGED'
  /** A transaction was posted on a card (a purchase, load, refund, …). */
  | 'TRANSACTION_POSTED';

/** Which product the card is; decided by its account's type. */
export type CardKind =
  /** A non-reloadable gift card: loaded once at issue, never again. */
  | 'GIFT'
  /** A reloadable prepaid card: loads are allowed while it is not blocked. */
  | 'PREPAID';

/** Limits to change; absent fields stay as they are, null removes a limit. */
export type CardLimitsInput = {
  /** Most spent by tap per day. */
  contactlessDaily?: string | null | undefined;
  /** Most tap spends per day. */
  contactlessDailyCount?: number | null | undefined;
  /** Most spent per day. */
  daily?: string | null | undefined;
  /** Most spends per day. */
  dailyCount?: number | null | undefined;
  /** Most spent per month. */
  monthly?: string | null | undefined;
  /** Most spends per month. */
  monthlyCount?: number | null | undefined;
  /** Most spent online per day. */
  onlineDaily?: string | null | undefined;
  /** Most online spends per day. */
  onlineDailyCount?: number | null | undefined;
  /** Most one spend may be (rupees). */
  perTransaction?: string | null | undefined;
  /** Most spent in stores per day. */
  posDaily?: string | null | undefined;
  /** Most store spends per day. */
  posDailyCount?: number | null | undefined;
  /** Most spent per year. */
  yearly?: string | null | undefined;
  /** Most spends per year. */
  yearlyCount?: number | null | undefined;
};

/** The payment network the card runs on. */
export type CardNetwork =
  /** Mastercard. */
  | 'MASTERCARD'
  /** A network this server does not know. */
  | 'OTHER'
  /** RuPay. */
  | 'RUPAY'
  /** Visa. */
  | 'VISA';

/** Where a card stands, and what may happen next. */
export type CardStatus =
  /** Waiting for a PIN (EnKash AP, activation in progress): a new physical card, or a card sent back by resetCardActivation. Spends are declined; setCardPin makes it ACTIVE. It can be blocked but not locked. */
  | 'ACTIVATION_IN_PROGRESS'
  /** Usable (EnKash UL, unlocked). Can be locked (lockCard) or blocked for good (blockCard). */
  | 'ACTIVE'
  /** Blocked for good (EnKash BL), e.g. lost or stolen. Final: no unlock, load, PIN, control change or spend. requestCardReplacement is the way on. */
  | 'BLOCKED'
  /** Temporarily frozen by the cardholder or admin (EnKash L): spends are declined. unlockCard makes it ACTIVE again; blockCard blocks it for good. */
  | 'LOCKED';

/** Who the card is for. Every field is optional, as on EnKash's page (source 002); EnKash's rules apply to what is given: email pattern, 10-digit mobile, real dates. A card without a mobile cannot receive SMS OTPs (its changes then need an authenticator code or an admin). */
export type CardholderInput = {
  /** Home address. */
  address?: AddressInput | null | undefined;
  /** Date of birth, yyyy-MM-dd. */
  dateOfBirth?: string | null | undefined;
  /** Email address. */
  email?: string | null | undefined;
  /** An existing EnKash user (userId, e.g. EKPBJ8L4) to issue the card to: EnKash then knows the cardholder already. */
  enKashUserId?: string | null | undefined;
  /** Given name. */
  firstName?: string | null | undefined;
  /** Gender. */
  gender?: Gender | null | undefined;
  /** Family name. */
  lastName?: string | null | undefined;
  /** Middle name. */
  middleName?: string | null | undefined;
  /** 10-digit Indian mobile number; SMS OTPs go here. One live card per mobile per account. */
  mobile?: string | null | undefined;
  /** PAN (AAAAA9999A); gives minimum KYC. */
  pan?: string | null | undefined;
  /** Mr, Ms, Mrs, Dr… */
  title?: string | null | undefined;
};

/** A new card programme account under a company onboarded on EnKash. */
export type CreateCardAccountInput = {
  /** Email of the company's account administrator. */
  adminEmail: string;
  /** 10-digit mobile of the account administrator. */
  adminMobile: string;
  /** EnKash company ID. */
  companyId: string;
  /** The company's legal name. */
  companyName: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The plan (programme) ID EnKash issued at onboarding, e.g. PMGAZ7L5A. */
  planMasterId: string;
  /** A display title, unique within the company. */
  title: string;
  /** The programme type; GIFT accounts issue gift cards. */
  type: CardAccountType;
};

/** A new card. The account's type decides prepaid or gift; gift cards need an initial load. */
export type CreateCardInput = {
  /** Global ID of the CardAccount to issue on. */
  accountId: string;
  /** Who the card is for; may be left out (EnKash requires none of it). */
  cardholder?: CardholderInput | null | undefined;
  /** Where to send the plastic; the home address when absent. */
  deliveryAddress?: AddressInput | null | undefined;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** Rupees to move from the account onto the card at issue. Required for gift cards. Moving money needs the cards:load scope, and a createCard with an initial load counts as the request's one money-moving mutation. */
  initialLoad?: string | null | undefined;
  /** Also issue a plastic card (it starts ACTIVATION_IN_PROGRESS until its first PIN). */
  physical?: boolean | null | undefined;
  /** Make it the account's primary card. */
  primary?: boolean | null | undefined;
  /** A note kept with the card. */
  remarks?: string | null | undefined;
};

/** ISO 4217 currency. EnKash prepaid cards hold Indian rupees only. */
export type Currency =
  /** Indian rupee (₹), 100 paise. */
  | 'INR';

/** The cardholder's gender as EnKash records it. */
export type Gender =
  /** F. */
  | 'FEMALE'
  /** M. */
  | 'MALE'
  /** O. */
  | 'OTHER';

/** Which card, and what the OTP will be used for. */
export type GenerateCardOtpInput = {
  /** What the OTP will approve (default: any gated operation). */
  action?: OtpAction | null | undefined;
  /** Global ID of the Card. */
  cardId: string;
};

/** How far the cardholder's KYC (know your customer) checks have gone; it bounds what the card may do. */
export type KycStatus =
  /** Full KYC done (e.g. video KYC): full limits. */
  | 'FULL_KYC'
  /** Minimum KYC (e.g. a PAN): limited use. */
  | 'MIN_KYC'
  /** No KYC documents yet. */
  | 'NOT_UPLOADED'
  /** A status this server does not know. */
  | 'OTHER'
  /** KYC was rejected. */
  | 'REJECTED'
  /** Documents or video KYC under review. */
  | 'UNDER_REVIEW';

/** Money to move from the card's account onto the card. */
export type LoadCardInput = {
  /** Rupees, at least 0.01. */
  amount: string;
  /** Global ID of the Card (prepaid; gift cards cannot be reloaded). */
  cardId: string;
  /** Shown on the transaction. */
  description?: string | null | undefined;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** Your unique reference for this load (EnKash uniqueReferenceNumber). EnKash refuses a repeat, so a retry can never load twice. Derived from the idempotency key when absent; one of the two is required. */
  referenceNumber?: string | null | undefined;
};

/** The card to lock, and the cardholder's approval when needed. */
export type LockCardInput = {
  /** Global ID of the Card. */
  cardId: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval (generateCardOtp first for SMS). Required of cardholders; an admin role named in PROTECTIVE_ACTIONS_WITHOUT_OTP (both admin roles by default) may leave it out, and EnKash is then told otpRequired false. */
  otp?: OtpProofInput | null | undefined;
  /** Why (lost, stolen, fraud…); kept by EnKash. */
  reason?: string | null | undefined;
};

/** A plastic card for a virtual card, and where to send it. */
export type OrderPhysicalCardInput = {
  /** Global ID of the (virtual) Card. */
  cardId: string;
  /** Where to deliver it. */
  deliveryAddress: AddressInput;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
};

/** What an OTP will be good for. An OTP proves one action on one card, once. */
export type OtpAction =
  /** Locking, unlocking or blocking only. */
  | 'BLOCK_CARD'
  /** Requesting a replacement only. */
  | 'REPLACE_CARD'
  /** Setting a PIN only. */
  | 'SET_PIN'
  /** Any OTP-gated operation (EnKash's documented action). */
  | 'TRANSACTION_OTP'
  /** Viewing the card number only. */
  | 'VIEW_CARD_DETAILS'
  /** Viewing the CVV only. */
  | 'VIEW_CVV';

/** How the cardholder proves an OTP-gated operation. */
export type OtpMedium =
  /** A code from the cardholder's authenticator app (EnKash MFA). */
  | 'AUTHENTICATOR'
  /** A code EnKash sent by SMS after generateCardOtp (EnKash MOBILE); needs otpRequestId. */
  | 'SMS';

/** Proof that the cardholder approved this operation. */
export type OtpProofInput = {
  /** The code the cardholder received or read. */
  code: string;
  /** Where the code came from (default SMS). */
  medium?: OtpMedium | null | undefined;
  /** The otpRequestId generateCardOtp returned (SMS only). */
  otpRequestId?: string | null | undefined;
};

/** A company's new webhook endpoint. */
export type RegisterWebhookEndpointInput = {
  /** EnKash company ID whose events it receives. */
  companyId: string;
  /** The event types to send (at least one). */
  eventTypes: Array<CardEventType>;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** An absolute https:// URL, at most 2,048 characters. */
  url: string;
};

/** The card to replace, and the cardholder's approval. */
export type RequestCardReplacementInput = {
  /** Global ID of the Card to replace (not BLOCKED). */
  cardId: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval. */
  otp: OtpProofInput;
};

/** The payment whose OTP the payer did not get, let expire, or mistyped. */
export type ResendPaymentOtpInput = {
  /** EnKash's transaction ID of the payment (enkashTransactionId, the ekPayId). */
  paymentId: string;
};

/** The card to send back to activation, and the cardholder's approval when needed. */
export type ResetCardActivationInput = {
  /** Global ID of the Card. */
  cardId: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval (generateCardOtp first for SMS). Required of cardholders; an admin role named in PROTECTIVE_ACTIONS_WITHOUT_OTP (both admin roles by default) may leave it out, and EnKash is then told otpRequired false. */
  otp?: OtpProofInput | null | undefined;
  /** Why (lost, stolen, fraud…); kept by EnKash. */
  reason?: string | null | undefined;
};

/** A new PIN for a card: in clear (`pin`) or encrypted to the server's key (`encryptedPin`), exactly one. */
export type SetCardPinInput = {
  /** Global ID of the Card. */
  cardId: string;
  /** The new PIN encrypted with RSA-OAEP (SHA-256) to `pinEncryptionKey`, base64: the PIN never crosses the wire in clear. */
  encryptedPin?: string | null | undefined;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval; when given, EnKash checks it (otpRequired). */
  otp?: OtpProofInput | null | undefined;
  /** The new 4-digit PIN. Never logged, stored or echoed. */
  pin?: string | null | undefined;
};

/** Which way money moved on the card. */
export type TransactionDirection =
  /** Money onto the card (EnKash CR): loads, refunds, transfers in. */
  | 'CREDIT'
  /** Money off the card (EnKash DR): spends, recoveries, transfers out. */
  | 'DEBIT';

/** Narrows a list of transactions; every field is optional and they combine with AND. */
export type TransactionFilter = {
  /** Only credits or only debits. */
  direction?: TransactionDirection | null | undefined;
  /** Only at or after this instant. */
  from?: string | null | undefined;
  /** Only amounts of at most this many rupees. */
  maxAmount?: string | null | undefined;
  /** Only amounts of at least this many rupees. */
  minAmount?: string | null | undefined;
  /** Only this outcome. */
  status?: TransactionStatus | null | undefined;
  /** Only at or before this instant. */
  to?: string | null | undefined;
  /** Only this EnKash type, e.g. SALE (at most 64 characters). */
  type?: string | null | undefined;
};

/** The outcome of a transaction. */
export type TransactionStatus =
  /** Refused (see declineReason); no money moved. */
  | 'DECLINED'
  /** A status this server does not know; see rawStatus. */
  | 'OTHER'
  /** Recorded but not completed yet (EnKash CREATED). */
  | 'PENDING'
  /** Completed; the balance moved. */
  | 'SUCCESS';

/** The card to unlock, and the cardholder's approval. */
export type UnlockCardInput = {
  /** Global ID of the Card. */
  cardId: string;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The cardholder's approval (generateCardOtp first for SMS). Always required: making a card spendable again needs the cardholder. */
  otp: OtpProofInput;
  /** Why (lost, stolen, fraud…); kept by EnKash. */
  reason?: string | null | undefined;
};

/** Channel switches and limits to change on a card; absent fields stay as they are. */
export type UpdateCardControlsInput = {
  /** Allow ATM withdrawals. */
  atm?: boolean | null | undefined;
  /** Global ID of the Card. */
  cardId: string;
  /** Allow tap-to-pay. */
  contactless?: boolean | null | undefined;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** Allow spends abroad. */
  international?: boolean | null | undefined;
  /** Amount and count limits. */
  limits?: CardLimitsInput | null | undefined;
  /** Allow online spends. */
  online?: boolean | null | undefined;
  /** Allow in-store spends. */
  pos?: boolean | null | undefined;
};

/** Why a mutation did not do what was asked. Branch on this, not on the message. */
export type UserErrorCode =
  /** A load with this reference number was already made; no money moved this time. */
  | 'DUPLICATE_REFERENCE'
  /** The first request with this idempotency key is still running; retry shortly to get its result (a request whose server died is taken over once its lease lapses, within about 20 seconds). */
  | 'IDEMPOTENCY_IN_PROGRESS'
  /** The idempotency key was used before with a different request; use a new key for a new request. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The card account holds less than the amount. */
  | 'INSUFFICIENT_BALANCE'
  /** An input field broke a rule; `field` is its path in the input. Fix it and send again. */
  | 'INVALID_INPUT'
  /** The card or account type does not allow this (gift cards cannot be reloaded; some accounts cannot have physical cards). */
  | 'NOT_ALLOWED'
  /** The card, account or company does not exist, or is not served here. */
  | 'NOT_FOUND'
  /** The OTP expired or ran out of attempts; generate a new one. */
  | 'OTP_EXPIRED'
  /** The OTP or MFA code is wrong, was used already, belongs to another card or action, or the OTP request is unknown. */
  | 'OTP_INVALID'
  /** Too many wrong OTP or authenticator codes were tried on this card, by anyone; OTP-gated operations on it are refused for 30 minutes. */
  | 'OTP_LOCKED'
  /** This change needs the cardholder's OTP for your role: unlocking always does, and so does every cardholder's change (admins may lock, block or reset activation without one when the server allows it). */
  | 'OTP_REQUIRED'
  /** EnKash's answer was lost; the operation may or may not have happened. Check before retrying (for loads, search by reference number). */
  | 'OUTCOME_UNKNOWN'
  /** Too many OTPs sent or OTP-gated attempts made for this card recently, or your company's share of EnKash calls (or this request's) is used up; wait (or ask for less) and try again. */
  | 'RATE_LIMITED'
  /** EnKash refused the request for another reason (its words are in the server's log). */
  | 'REJECTED'
  /** The server's shared state (Redis) cannot be reached, so a change that must be safe against repeats (an idempotency key, OTP bounds) was not attempted; nothing was sent to EnKash. Safe to retry. */
  | 'STATE_STORE_UNAVAILABLE'
  /** The card's status does not allow this (a blocked card is final; an activating card must get its PIN first). */
  | 'TRANSITION_NOT_ALLOWED'
  /** EnKash could not be reached or is failing; nothing happened. Safe to retry later. */
  | 'UPSTREAM_UNAVAILABLE'
  /** Partner webhooks are off on this server: they need its Redis (REDIS_URL) for the delivery queue. Nothing was changed. */
  | 'WEBHOOKS_UNAVAILABLE'
  /** The company has as many webhook endpoints as allowed; remove one first. */
  | 'WEBHOOK_LIMIT'
  /** The webhook URL is not an absolute https URL, carries a user or password, does not resolve, or resolves to a private, loopback, link-local or other non-public address; the message names the rule, never the URL. */
  | 'WEBHOOK_URL_REFUSED';

/** The payer's OTP for a payment waiting for it. */
export type ValidatePaymentOtpInput = {
  /** The checksum EnKash's Payment Gateway asks of your merchant integration, if it does. */
  checkSum?: string | null | undefined;
  /** Makes a retry safe: the same key (up to 255 characters) replays the first result for 24 hours instead of repeating the operation. The Idempotency-Key header works too. */
  idempotencyKey?: string | null | undefined;
  /** The code the payer received. Never logged, stored or echoed. */
  otp: string;
  /** EnKash's transaction ID of the payment (the ekPayId). */
  paymentId: string;
};

/** Why a delivery attempt failed. */
export type WebhookAttemptError =
  /** The endpoint could not be connected to, or dropped the connection. */
  | 'CONNECTION'
  /** The endpoint was removed before the attempt. */
  | 'ENDPOINT_REMOVED'
  /** The endpoint answered, but not 2xx (redirects are not followed). */
  | 'HTTP_STATUS'
  /** The endpoint's host resolved to a private, loopback or other non-public address when sending. */
  | 'TARGET_REFUSED'
  /** No complete answer within the time allowed. */
  | 'TIMEOUT';

/** Where a delivery of one event to one endpoint stands. */
export type WebhookDeliveryStatus =
  /** Given up: every attempt of the retry window failed, or the endpoint was removed. */
  | 'FAILED'
  /** Queued; no attempt made yet. */
  | 'PENDING'
  /** An attempt failed; another is due at `nextAttemptAt`. */
  | 'RETRYING'
  /** The endpoint answered 2xx. */
  | 'SUCCEEDED';

export type AccountDashboardDeferredQueryVariables = Exact<{
  companyId?: string;
  cardAccountId?: string;
  cards?: number | null | undefined;
}>;


export type AccountDashboardDeferredQuery = { cardAccount: { id: string, title: string | null, type: CardAccountType | null, availableBalance: { formatted: string }, balanceOnCards: { formatted: string } | null, cardCounts: { total: number | null, active: number | null }, cards: { totalCount: number | null, edges: Array<{ node: { id: string, maskedNumber: string | null, status: CardStatus, balance: { amount: string }, cardholder: { name: string | null } } & ({ transactions: { edges: Array<{ node: { id: string, direction: TransactionDirection, status: TransactionStatus, time: string, amount: { amount: string }, merchant: { name: string } | null } }> } } | { transactions?: never }) }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AccountDashboardQueryVariables = Exact<{
  companyId?: string;
  cardAccountId?: string;
  cards?: number | null | undefined;
}>;


export type AccountDashboardQuery = { cardAccount: { id: string, title: string | null, type: CardAccountType | null, availableBalance: { formatted: string }, balanceOnCards: { formatted: string } | null, cardCounts: { total: number | null, active: number | null }, cards: { totalCount: number | null, edges: Array<{ node: { id: string, maskedNumber: string | null, status: CardStatus, balance: { amount: string }, cardholder: { name: string | null }, transactions: { edges: Array<{ node: { id: string, direction: TransactionDirection, status: TransactionStatus, time: string, amount: { amount: string }, merchant: { name: string } | null } }> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type BlockCardMutationVariables = Exact<{
  input: BlockCardInput;
}>;


export type BlockCardMutation = { blockCard: { card: { id: string, status: CardStatus } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type CardEventsSubscriptionVariables = Exact<{
  cardId?: string;
  after?: string | null | undefined;
}>;


export type CardEventsSubscription = { cardEvents:
    | { __typename: 'BalanceChangedEvent', id: string, occurredAt: string, balance: { formatted: string }, card: { id: string, status: CardStatus, balance: { formatted: string } } }
    | { __typename: 'CardStatusChangedEvent', id: string, occurredAt: string, newStatus: CardStatus, card: { id: string, status: CardStatus, balance: { formatted: string } } }
    | { __typename: 'TransactionPostedEvent', direction: TransactionDirection, status: TransactionStatus, merchantName: string | null, declineReason: string | null, id: string, occurredAt: string, amount: { formatted: string }, card: { id: string, status: CardStatus, balance: { formatted: string } } }
   };

export type CardScreenDeferredQueryVariables = Exact<{
  companyId?: string;
  cardAccountId?: string;
  enKashCardId?: string;
}>;


export type CardScreenDeferredQuery = { card: { id: string, enKashCardId: string, kind: CardKind, status: CardStatus, maskedNumber: string | null, last4: string | null, network: CardNetwork | null, physical: boolean | null, activated: boolean | null, kycStatus: KycStatus | null, expiry: { text: string } | null, cardholder: { name: string | null, maskedMobile: string | null, maskedEmail: string | null }, balance: { amount: string, currency: Currency, formatted: string }, spentToday: { formatted: string } | null, account: { id: string, title: string | null, type: CardAccountType | null } | null } & ({ controls: { pos: boolean | null, online: boolean | null, atm: boolean | null, international: boolean | null, contactless: boolean | null, limits: { dailyCount: number | null, perTransaction: { amount: string } | null, daily: { amount: string } | null } } } | { controls?: never }) & ({ transactions: { edges: Array<{ node: { id: string, direction: TransactionDirection, type: string, status: TransactionStatus, time: string, referenceNumber: string | null, amount: { amount: string, formatted: string }, merchant: { name: string, mcc: string | null, channel: string | null } | null, balanceAfter: { amount: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | { transactions?: never }) | null };

export type CardScreenQueryVariables = Exact<{
  companyId?: string;
  cardAccountId?: string;
  enKashCardId?: string;
}>;


export type CardScreenQuery = { card: { id: string, enKashCardId: string, kind: CardKind, status: CardStatus, maskedNumber: string | null, last4: string | null, network: CardNetwork | null, physical: boolean | null, activated: boolean | null, kycStatus: KycStatus | null, expiry: { text: string } | null, cardholder: { name: string | null, maskedMobile: string | null, maskedEmail: string | null }, balance: { amount: string, currency: Currency, formatted: string }, spentToday: { formatted: string } | null, controls: { pos: boolean | null, online: boolean | null, atm: boolean | null, international: boolean | null, contactless: boolean | null, limits: { dailyCount: number | null, perTransaction: { amount: string } | null, daily: { amount: string } | null } }, account: { id: string, title: string | null, type: CardAccountType | null } | null, transactions: { edges: Array<{ node: { id: string, direction: TransactionDirection, type: string, status: TransactionStatus, time: string, referenceNumber: string | null, amount: { amount: string, formatted: string }, merchant: { name: string, mcc: string | null, channel: string | null } | null, balanceAfter: { amount: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type CompaniesQueryVariables = Exact<{ [key: string]: never; }>;


export type CompaniesQuery = { companies: Array<{ id: string, companyId: string, name: string | null, cardAccounts: Array<{ id: string, cardAccountId: string, title: string | null, type: CardAccountType | null, availableBalance: { formatted: string }, cardCounts: { total: number | null, active: number | null } }> }> };

export type CreateCardAccountMutationVariables = Exact<{
  input: CreateCardAccountInput;
}>;


export type CreateCardAccountMutation = { createCardAccount: { cardAccount: { id: string, cardAccountId: string, title: string | null, type: CardAccountType | null, availableBalance: { amount: string } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type CreateCardMutationVariables = Exact<{
  input: CreateCardInput;
}>;


export type CreateCardMutation = { createCard: { card: { id: string, enKashCardId: string, kind: CardKind, status: CardStatus, maskedNumber: string | null, balance: { amount: string }, cardholder: { name: string | null, maskedMobile: string | null } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type GenerateCardOtpMutationVariables = Exact<{
  input: GenerateCardOtpInput;
}>;


export type GenerateCardOtpMutation = { generateCardOtp: { otpRequestId: string | null, maskedMobile: string | null, expiresAt: string | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type LoadCardMutationVariables = Exact<{
  input: LoadCardInput;
}>;


export type LoadCardMutation = { loadCard: { card: { id: string, balance: { amount: string, formatted: string } } | null, transaction: { id: string, referenceNumber: string | null, amount: { amount: string } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type LockCardMutationVariables = Exact<{
  input: LockCardInput;
}>;


export type LockCardMutation = { lockCard: { card: { id: string, status: CardStatus } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type UnlockCardMutationVariables = Exact<{
  input: UnlockCardInput;
}>;


export type UnlockCardMutation = { unlockCard: { card: { id: string, status: CardStatus } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type OrderPhysicalCardMutationVariables = Exact<{
  input: OrderPhysicalCardInput;
}>;


export type OrderPhysicalCardMutation = { orderPhysicalCard: { card: { id: string, physical: boolean | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ResendPaymentOtpMutationVariables = Exact<{
  input: ResendPaymentOtpInput;
}>;


export type ResendPaymentOtpMutation = { resendPaymentOtp: { paymentId: string | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ValidatePaymentOtpMutationVariables = Exact<{
  input: ValidatePaymentOtpInput;
}>;


export type ValidatePaymentOtpMutation = { validatePaymentOtp: { result: { transactionId: string | null, uniqueTransactionId: string | null, orderId: string | null, currency: string | null, status: string | null, message: string | null, otpReferenceNumber: string | null, publicIdentifierKey: string | null, date: string | null, amount: { amount: string } | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type RefetchCardsQueryVariables = Exact<{
  ids: Array<string> | string;
}>;


export type RefetchCardsQuery = { nodes: Array<
    | { status: CardStatus, id: string, balance: { amount: string } }
    | { id: string }
    | { id: string }
    | { id: string }
   | null> };

export type RegisterWebhookEndpointMutationVariables = Exact<{
  input: RegisterWebhookEndpointInput;
}>;


export type RegisterWebhookEndpointMutation = { registerWebhookEndpoint: { secret: string | null, webhookEndpoint: { id: string, url: string, eventTypes: Array<CardEventType>, createdAt: string } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type RequestCardReplacementMutationVariables = Exact<{
  input: RequestCardReplacementInput;
}>;


export type RequestCardReplacementMutation = { requestCardReplacement: { replacedCard: { id: string, status: CardStatus } | null, newCard: { id: string, enKashCardId: string, status: CardStatus, maskedNumber: string | null, balance: { amount: string } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ResetCardActivationMutationVariables = Exact<{
  input: ResetCardActivationInput;
}>;


export type ResetCardActivationMutation = { resetCardActivation: { card: { id: string, status: CardStatus } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type SetCardPinMutationVariables = Exact<{
  input: SetCardPinInput;
}>;


export type SetCardPinMutation = { setCardPin: { card: { id: string, status: CardStatus, activated: boolean | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type TransactionsPageQueryVariables = Exact<{
  companyId?: string;
  cardAccountId?: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: TransactionFilter | null | undefined;
}>;


export type TransactionsPageQuery = { cardAccount: { transactions: { edges: Array<{ cursor: string, node: { id: string, enKashTransactionId: string, direction: TransactionDirection, type: string, status: TransactionStatus, rawStatus: string, time: string, declineReason: string | null, amount: { amount: string }, merchant: { name: string, mcc: string | null, channel: string | null } | null, card: { id: string, last4: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type UpdateCardControlsMutationVariables = Exact<{
  input: UpdateCardControlsInput;
}>;


export type UpdateCardControlsMutation = { updateCardControls: { card: { id: string, controls: { pos: boolean | null, online: boolean | null, atm: boolean | null, international: boolean | null, contactless: boolean | null, limits: { dailyCount: number | null, perTransaction: { amount: string } | null, daily: { amount: string } | null } } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type WebhookEndpointsQueryVariables = Exact<{
  companyId: string;
}>;


export type WebhookEndpointsQuery = { company: { webhookEndpoints: Array<{ id: string, url: string, eventTypes: Array<CardEventType>, secretRotatedAt: string | null, previousSecretValidUntil: string | null, deliveries: { edges: Array<{ node: { id: string, eventId: string, eventType: CardEventType, status: WebhookDeliveryStatus, nextAttemptAt: string | null, attempts: Array<{ at: string, statusCode: number | null, error: WebhookAttemptError | null, durationMs: number }> } }> } }> } | null };


export const AccountDashboardDeferredDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountDashboardDeferred"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CEK7T1WMC6","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CAVBMRFE8","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cards"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cardAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"availableBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balanceOnCards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cards"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardholder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","directives":[{"kind":"Directive","name":{"kind":"Name","value":"defer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"StringValue","value":"lastTransactions","block":false}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"merchant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccountDashboardDeferredQuery, AccountDashboardDeferredQueryVariables>;
export const AccountDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CEK7T1WMC6","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CAVBMRFE8","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cards"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cardAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"availableBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balanceOnCards"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cards"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardholder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"merchant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccountDashboardQuery, AccountDashboardQueryVariables>;
export const BlockCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BlockCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BlockCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"blockCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<BlockCardMutation, BlockCardMutationVariables>;
export const CardEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"CardEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},"defaultValue":{"kind":"StringValue","value":"Q2FyZDpDRUtFUDVHU0dQL0NBQkZJUFMvRUtDTUI3S0FFVw==","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionPostedEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"merchantName"}},{"kind":"Field","name":{"kind":"Name","value":"declineReason"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BalanceChangedEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CardStatusChangedEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"newStatus"},"name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CardEventsSubscription, CardEventsSubscriptionVariables>;
export const CardScreenDeferredDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CardScreenDeferred"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CEKEP5GSGP","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CABFIPS","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enKashCardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"EKCMB7KAEW","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cardAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"enKashCardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enKashCardId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enKashCardId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}},{"kind":"Field","name":{"kind":"Name","value":"expiry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"physical"}},{"kind":"Field","name":{"kind":"Name","value":"activated"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}},{"kind":"Field","name":{"kind":"Name","value":"cardholder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}},{"kind":"Field","name":{"kind":"Name","value":"maskedEmail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"spentToday"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"InlineFragment","directives":[{"kind":"Directive","name":{"kind":"Name","value":"defer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"StringValue","value":"controlsAndTransactions","block":false}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"controls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pos"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"atm"}},{"kind":"Field","name":{"kind":"Name","value":"international"}},{"kind":"Field","name":{"kind":"Name","value":"contactless"}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"perTransaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dailyCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"merchant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mcc"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balanceAfter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CardScreenDeferredQuery, CardScreenDeferredQueryVariables>;
export const CardScreenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CardScreen"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CEKEP5GSGP","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CABFIPS","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enKashCardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"EKCMB7KAEW","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cardAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"enKashCardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enKashCardId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enKashCardId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}},{"kind":"Field","name":{"kind":"Name","value":"expiry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"physical"}},{"kind":"Field","name":{"kind":"Name","value":"activated"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}},{"kind":"Field","name":{"kind":"Name","value":"cardholder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}},{"kind":"Field","name":{"kind":"Name","value":"maskedEmail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"spentToday"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"controls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pos"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"atm"}},{"kind":"Field","name":{"kind":"Name","value":"international"}},{"kind":"Field","name":{"kind":"Name","value":"contactless"}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"perTransaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dailyCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"merchant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mcc"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"balanceAfter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CardScreenQuery, CardScreenQueryVariables>;
export const CompaniesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Companies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"companies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"cardAccounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cardAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"availableBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompaniesQuery, CompaniesQueryVariables>;
export const CreateCardAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCardAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCardAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCardAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cardAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"availableBalance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CreateCardAccountMutation, CreateCardAccountMutationVariables>;
export const CreateCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enKashCardId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cardholder"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CreateCardMutation, CreateCardMutationVariables>;
export const GenerateCardOtpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GenerateCardOtp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GenerateCardOtpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"generateCardOtp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"otpRequestId"}},{"kind":"Field","name":{"kind":"Name","value":"maskedMobile"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<GenerateCardOtpMutation, GenerateCardOtpMutationVariables>;
export const LoadCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LoadCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoadCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"loadCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"formatted"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"transaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referenceNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<LoadCardMutation, LoadCardMutationVariables>;
export const LockCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LockCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LockCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lockCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<LockCardMutation, LockCardMutationVariables>;
export const UnlockCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnlockCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnlockCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unlockCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<UnlockCardMutation, UnlockCardMutationVariables>;
export const OrderPhysicalCardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OrderPhysicalCard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OrderPhysicalCardInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderPhysicalCard"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"physical"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<OrderPhysicalCardMutation, OrderPhysicalCardMutationVariables>;
export const ResendPaymentOtpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResendPaymentOtp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResendPaymentOtpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resendPaymentOtp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paymentId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ResendPaymentOtpMutation, ResendPaymentOtpMutationVariables>;
export const ValidatePaymentOtpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ValidatePaymentOtp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ValidatePaymentOtpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"validatePaymentOtp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"uniqueTransactionId"}},{"kind":"Field","name":{"kind":"Name","value":"orderId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"otpReferenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"publicIdentifierKey"}},{"kind":"Field","name":{"kind":"Name","value":"date"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ValidatePaymentOtpMutation, ValidatePaymentOtpMutationVariables>;
export const RefetchCardsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RefetchCards"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Card"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RefetchCardsQuery, RefetchCardsQueryVariables>;
export const RegisterWebhookEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterWebhookEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterWebhookEndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerWebhookEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookEndpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterWebhookEndpointMutation, RegisterWebhookEndpointMutationVariables>;
export const RequestCardReplacementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestCardReplacement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestCardReplacementInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestCardReplacement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replacedCard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newCard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enKashCardId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"maskedNumber"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<RequestCardReplacementMutation, RequestCardReplacementMutationVariables>;
export const ResetCardActivationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetCardActivation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResetCardActivationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetCardActivation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ResetCardActivationMutation, ResetCardActivationMutationVariables>;
export const SetCardPinDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetCardPin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetCardPinInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCardPin"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"activated"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<SetCardPinMutation, SetCardPinMutationVariables>;
export const TransactionsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TransactionsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CEK7T1WMC6","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"CAVBMRFE8","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"100"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionFilter"}},"defaultValue":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DEBIT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"minAmount"},"value":{"kind":"StringValue","value":"100","block":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"cardAccountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cardAccountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enKashTransactionId"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rawStatus"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"declineReason"}},{"kind":"Field","name":{"kind":"Name","value":"merchant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mcc"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"last4"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TransactionsPageQuery, TransactionsPageQueryVariables>;
export const UpdateCardControlsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateCardControls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCardControlsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCardControls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"card"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"controls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pos"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"atm"}},{"kind":"Field","name":{"kind":"Name","value":"international"}},{"kind":"Field","name":{"kind":"Name","value":"contactless"}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"perTransaction"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dailyCount"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateCardControlsMutation, UpdateCardControlsMutationVariables>;
export const WebhookEndpointsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookEndpoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"company"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookEndpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"eventTypes"}},{"kind":"Field","name":{"kind":"Name","value":"secretRotatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretValidUntil"}},{"kind":"Field","name":{"kind":"Name","value":"deliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"statusCode"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;