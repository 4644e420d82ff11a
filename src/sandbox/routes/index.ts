import type { Route } from "../http/route.ts";
import { blockCard } from "./block-card.ts";
import { createCardAccount, getCardAccount } from "./card-account.ts";
import { getCardBalance, getCardDetails, searchCards } from "./card-lookup.ts";
import { createCard } from "./create-card.ts";
import { generateOtp } from "./generate-otp.ts";
import { loadCardBalance } from "./load-card.ts";
import { pgResendOtp, pgValidateOtp } from "./payment-gateway.ts";
import { orderPhysicalCard } from "./physical-card.ts";
import { replaceCard } from "./replace-card.ts";
import { sandboxHelpers } from "./sandbox-helpers.ts";
import { viewCardCvv, viewCardDetails } from "./secure-view.ts";
import { setPin } from "./set-pin.ts";
import { token } from "./token.ts";
import { transactions } from "./transactions.ts";
import { getUsageControls, updateUsageControls } from "./usage-controls.ts";
import { vkycLink, vkycStatus } from "./vkyc.ts";

/** Every route the sandbox serves, EnKash's in the order of reference section 6, then helpers. */
export const routes: readonly Route[] = [
  token,
  createCardAccount,
  createCard,
  setPin,
  generateOtp,
  viewCardDetails,
  viewCardCvv,
  vkycLink,
  vkycStatus,
  updateUsageControls,
  getUsageControls,
  orderPhysicalCard,
  getCardBalance,
  loadCardBalance,
  replaceCard,
  blockCard,
  getCardAccount,
  getCardDetails,
  searchCards,
  transactions,
  pgResendOtp,
  pgValidateOtp,
  ...sandboxHelpers,
];
