import { print } from "graphql";
import { describe, expect, it } from "vitest";
import {
  AccountDashboardDocument,
  CardScreenDocument,
  CompaniesDocument,
  TransactionsPageDocument,
} from "../../operations/generated.ts";
import { useHarness } from "../helpers/harness.ts";

/**
 * A document runs on graphql-js the first time and on the compiled executor (graphql-jit) from the
 * second on (src/app.ts, as in production; the other tests compile from the first run): both must
 * answer alike, EnKash calls included, with the defaults of
 * non-null variables applied (graphql-jit alone refuses them as "not provided").
 */
const h = useHarness({}, {}, { compileAfterRuns: 1 });

describe("the compiled executor answers as graphql-js does", () => {
  for (const [name, document] of [
    ["CardScreen", print(CardScreenDocument)],
    ["AccountDashboard", print(AccountDashboardDocument)],
    ["TransactionsPage", print(TransactionsPageDocument)],
    ["Companies", print(CompaniesDocument)],
  ] as const) {
    it(`${name}: the same data and calls on both executors, the variables' defaults applied`, async () => {
      const first = await h.upstream(() => h.gql(document, {}));
      const second = await h.upstream(() => h.gql(document, {}));
      expect(first.result.errors).toBeUndefined();
      expect(second.result).toEqual(first.result);
      expect(second.calls).toEqual(first.calls);
    });
  }

  it("a bad variable is a 400 with graphql-js's words, before either executor runs", async () => {
    const query =
      'query C($id: String! = "EKCMB7KAEW") { card(companyId: "CEKEP5GSGP", cardAccountId: "CABFIPS", enKashCardId: $id) { status } }';
    for (let run = 0; run < 2; run++) {
      const answer = await h.fetch({
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
          authorization: `Bearer ${await h.token()}`,
        },
        body: JSON.stringify({ query, variables: { id: 42 } }),
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
        'Variable "$id" got invalid value; String cannot represent a non string value.',
      );
    }
  });
});
