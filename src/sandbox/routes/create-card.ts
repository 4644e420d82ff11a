import { z } from "zod";
import { BusinessError } from "../http/errors.ts";
import type { Route } from "../http/route.ts";
import { success } from "../http/route.ts";
import { parseRequest } from "../http/validate.ts";
import { buildCard, isGiftAccount, makePrimary } from "../state/cards.ts";
import { parseSpecialDate } from "../state/dates.ts";
import { recordTransaction } from "../state/ledger.ts";
import { requireAccount } from "../state/lookup.ts";
import { renderCard } from "../state/render.ts";
import type { Cardholder } from "../state/types.ts";
import { amount, email, id, mobile, optionalText } from "./fields.ts";

const specialDate = z.string().refine((text) => parseSpecialDate(text) !== undefined, {
  message: "must be a real date as dd-MM-yyyy or yyyy-MM-dd",
});

const createCardSchema = z.object({
  userId: z.string().max(64).nullish(),
  companyId: id,
  cardAccountId: id,
  email: email.nullish(),
  mobile: mobile.nullish(),
  title: optionalText,
  firstName: optionalText,
  middleName: optionalText,
  lastName: optionalText,
  gender: z.enum(["M", "F", "O"]).nullish(),
  specialDate: specialDate.nullish(),
  address: optionalText,
  address2: optionalText,
  city: optionalText,
  state: optionalText,
  country: optionalText,
  pincode: optionalText,
  primaryEnKashCard: z.boolean().nullish(),
  physicalCard: z.boolean().nullish(),
  loadAmount: amount.nullish(),
  remarks: optionalText,
  physicalDeliveryAddressFlag: z.boolean().nullish(),
  deliveryAddress: optionalText,
  deliveryAddress2: optionalText,
  deliveryCity: optionalText,
  deliveryState: optionalText,
  deliveryCountry: optionalText,
  deliveryPincode: optionalText,
  documents: z
    .array(
      z.object({
        docType: z.enum(["PAN"]),
        docNo: z.string().regex(/^[A-Z]{5}\d{4}[A-Z]$/, { message: "must be a PAN (AAAAA9999A)" }),
      }),
    )
    .max(5)
    .nullish(),
});

/**
 * Create Prepaid Card / Create Gift Card (reference 7.2, 7.3, source 002): one path; the account
 * type decides which. Only companyId and cardAccountId are required; `userId` attaches the card
 * to an existing user of the company, whose details fill absent fields. Gift cards need a load
 * amount. An initial load moves money from the account to the card. One live card per mobile
 * number per account, checked only when the card has a mobile (sent, or the user's). [I]
 */
export const createCard: Route = {
  name: "createCard",
  method: "POST",
  path: "/api/v0/partner/enKashCard",
  kind: "card",
  body: "json",
  envelope: "A",
  handle({ state, body, options }) {
    const input = parseRequest(createCardSchema, body);
    const account = requireAccount(state, input.companyId, input.cardAccountId);
    const load = input.loadAmount ?? 0;
    if (isGiftAccount(account) && load <= 0)
      throw new BusinessError("Load amount is mandatory for gift cards");
    if (load > account.availableBalance) throw new BusinessError("Insufficient balance in card account");

    const existingUser = input.userId
      ? findUser(state.cards.values(), input.userId, account.companyId)
      : undefined;
    if (input.userId && !existingUser) throw new BusinessError("User not found for this company");
    const holderMobile = input.mobile ?? existingUser?.mobile ?? null;
    if (holderMobile && hasLiveCardFor(state.cardsOf(account.cardAccountId), holderMobile)) {
      throw new BusinessError("A card already exists for this mobile number in the card account");
    }
    if (input.physicalCard && !account.physicalCardAllowed)
      throw new BusinessError("Physical cards are not allowed for this card account");

    const pick = <K extends keyof Cardholder>(key: K, value: Cardholder[K] | undefined): Cardholder[K] =>
      value ?? existingUser?.[key] ?? (null as Cardholder[K]);
    const holder: Cardholder = {
      userId: existingUser?.userId ?? state.ids.next("EK", 6),
      title: pick("title", input.title),
      firstName: pick("firstName", input.firstName),
      middleName: pick("middleName", input.middleName),
      lastName: pick("lastName", input.lastName),
      gender: pick("gender", input.gender),
      email: pick("email", input.email),
      mobile: holderMobile,
      specialDate: pick("specialDate", input.specialDate ? parseSpecialDate(input.specialDate) : undefined),
      address: pick("address", input.address),
      address2: pick("address2", input.address2),
      city: pick("city", input.city),
      state: pick("state", input.state),
      country: pick("country", input.country),
      pincode: pick("pincode", input.pincode),
      pan: pick("pan", input.documents?.find((doc) => doc.docType === "PAN")?.docNo),
    };
    const now = state.now();
    const card = buildCard(state, {
      account,
      holder,
      createdOn: now,
      physicalCard: input.physicalCard ?? false,
      physicalDeliveryAddressFlag: input.physicalDeliveryAddressFlag ?? false,
      delivery: {
        deliveryAddress: input.deliveryAddress ?? null,
        deliveryAddress2: input.deliveryAddress2 ?? null,
        deliveryCity: input.deliveryCity ?? null,
        deliveryState: input.deliveryState ?? null,
        deliveryCountry: input.deliveryCountry ?? null,
        deliveryPincode: input.deliveryPincode ?? null,
      },
      primaryCard: false,
      remarks: input.remarks ?? null,
      kycStatus: holder.pan ? "MIN_KYC" : "NOT_UPLOADED",
    });
    state.addCard(card);
    if (input.primaryEnKashCard || account.primaryCardId === null) makePrimary(state, card);
    if (load > 0) {
      account.availableBalance -= load;
      const txn = recordTransaction(state, {
        card,
        amount: load,
        direction: "CR",
        type: "ALLOCATE_FUND",
        transactionCode: "ALLOCATION",
        status: "SUCCESS",
        at: now,
        description: "Initial load on card issue",
      });
      // lastAllocatedAmount stays 0, as in source 002's answer (loadAmount 500): only later
      // loads are allocations.
      card.loadAmount = load;
      card.lastTransactionId = txn.enKashTransactionId;
    }
    return success(renderCard(state, card, options.masks));
  },
};

function findUser(
  cards: Iterable<{ holder: Cardholder; companyId: string }>,
  userId: string,
  companyId: string,
): Cardholder | undefined {
  for (const card of cards) {
    if (card.holder.userId === userId && card.companyId === companyId) return card.holder;
  }
  return undefined;
}

function hasLiveCardFor(
  cards: readonly { holder: Cardholder; status: string }[],
  mobileNumber: string,
): boolean {
  return cards.some((card) => card.holder.mobile === mobileNumber && card.status !== "BL");
}
