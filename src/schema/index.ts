import { builder } from "./builder.ts";
import { directives } from "./defer-stream.ts";
import { prefetchers } from "./look-ahead.ts";
import "./scalars.ts";
import "./money.ts";
import "./errors.ts";
import "./enums.ts";
import "./company.ts";
import "./card-account.ts";
import "./card-account-mutations.ts";
import "./card.ts";
import "./card-details.ts";
import "./card-settings.ts";
import "./card-create-mutation.ts";
import "./card-replacement-mutations.ts";
import "./card-load-mutation.ts";
import "./card-controls-mutation.ts";
import "./card-pin-mutations.ts";
import "./card-status-mutations.ts";
import "./card-event-subscriptions.ts";
import "./transaction.ts";
import "./payment-otp-mutations.ts";
import "./pin-key.ts";
import "./webhook-endpoints.ts";

/**
 * The whole schema: the entry only imports the noun files, which register their types (and their
 * fields' prefetches, checked against the schema here).
 */
export const schema = prefetchers.bind(builder.toSchema({ sortSchema: true, directives }));

/** How the schema words a failure for clients; the app's error masking uses it too. */
export { queryError } from "./errors.ts";
