import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Identity } from "./identities.ts";
import { decideMatch, type Holder } from "./match.ts";

const platform = (value: string, scope = "con_lc"): Identity => ({ kind: "platform", value, scope, verified: true });
const custom = (value: string): Identity => ({ kind: "custom", value, scope: "", verified: true });
const email = (value: string, verified = true): Identity => ({ kind: "email", value, scope: "", verified });
const phone = (value: string): Identity => ({ kind: "phone", value, scope: "", verified: false });
const held = (customerId: string, i: Identity): Holder => ({ customerId, ...i });
const none = new Map<string, string[]>();

describe("decideMatch", () => {
  it("creates a customer when nothing matches, with every identity", () => {
    const incoming = [platform("p1"), email("a@x.io"), phone("+14155550101")];
    const d = decideMatch({ incoming, holders: [], customIds: none });
    expect(d).toMatchObject({ customerId: null, rule: "new", reviews: [] });
    expect(d.add).toEqual(incoming);
  });

  it("follows an existing platform id before anything else", () => {
    const d = decideMatch({
      incoming: [platform("p1"), email("a@x.io")],
      holders: [held("cus_A", platform("p1")), held("cus_B", email("a@x.io"))],
      customIds: none,
    });
    expect(d.customerId).toBe("cus_A");
    expect(d.rule).toBe("platform");
    expect(d.reviews).toEqual([{ otherCustomerId: "cus_B", reason: "shared_email", identity: "email:a@x.io" }]);
  });

  it("ranks custom id over verified email over phone", () => {
    const holders = [held("cus_P", phone("+1")), held("cus_E", email("a@x.io")), held("cus_C", custom("42"))];
    expect(
      decideMatch({
        incoming: [custom("42"), email("a@x.io"), phone("+1")],
        holders,
        customIds: new Map([["cus_C", ["42"]]]),
      }).customerId,
    ).toBe("cus_C");
    expect(decideMatch({ incoming: [email("a@x.io"), phone("+1")], holders, customIds: none }).customerId).toBe(
      "cus_E",
    );
    expect(decideMatch({ incoming: [phone("+1")], holders, customIds: none }).customerId).toBe("cus_P");
  });

  it("never links by an unverified email: a new customer and a review instead", () => {
    const d = decideMatch({
      incoming: [platform("p9"), email("a@x.io", false)],
      holders: [held("cus_A", email("a@x.io"))],
      customIds: none,
    });
    expect(d.customerId).toBeNull();
    expect(d.reviews).toEqual([{ otherCustomerId: "cus_A", reason: "unverified_email", identity: "email:a@x.io" }]);
  });

  it("never links to a verified email held only unverified", () => {
    const d = decideMatch({
      incoming: [email("a@x.io")],
      holders: [held("cus_A", email("a@x.io", false))],
      customIds: none,
    });
    expect(d.customerId).toBeNull();
    expect(d.reviews[0]?.reason).toBe("unverified_email");
  });

  it("treats a different custom id as a different person, whatever else they share", () => {
    const d = decideMatch({
      incoming: [custom("B-2"), email("shared@x.io"), phone("+1")],
      holders: [held("cus_A", email("shared@x.io")), held("cus_A", phone("+1"))],
      customIds: new Map([["cus_A", ["A-1"]]]),
    });
    expect(d.customerId).toBeNull();
    expect(d.add.map((i) => i.kind)).toEqual(["custom", "email", "phone"]);
    expect(d.reviews).toEqual([
      { otherCustomerId: "cus_A", reason: "custom_id_conflict", identity: "email:shared@x.io" },
    ]);
  });

  it("adds a custom id to a customer without one, but never a second custom id", () => {
    const linked = decideMatch({
      incoming: [custom("7"), phone("+1")],
      holders: [held("cus_A", phone("+1"))],
      customIds: none,
    });
    expect(linked.customerId).toBe("cus_A");
    expect(linked.add).toEqual([custom("7")]);
    const byPlatform = decideMatch({
      incoming: [platform("p1"), custom("8")],
      holders: [held("cus_A", platform("p1"))],
      customIds: new Map([["cus_A", ["7"]]]),
    });
    expect(byPlatform.customerId).toBe("cus_A");
    expect(byPlatform.add).toEqual([]);
  });

  it("reviews the pair when a platform id and a custom id point at different customers", () => {
    const d = decideMatch({
      incoming: [platform("p1"), custom("9")],
      holders: [held("cus_A", platform("p1")), held("cus_B", custom("9"))],
      customIds: new Map([["cus_B", ["9"]]]),
    });
    expect(d.customerId).toBe("cus_A");
    expect(d.add).toEqual([]);
    expect(d.reviews).toEqual([{ otherCustomerId: "cus_B", reason: "custom_id_conflict", identity: "custom:9" }]);
  });

  it("picks the oldest of several customers sharing a phone and reviews the rest", () => {
    const d = decideMatch({
      incoming: [phone("+1")],
      holders: [held("cus_old", phone("+1")), held("cus_new", phone("+1"))],
      customIds: none,
    });
    expect(d.customerId).toBe("cus_old");
    expect(d.reviews).toEqual([{ otherCustomerId: "cus_new", reason: "shared_phone", identity: "phone:+1" }]);
  });

  it("upgrades an email it already holds only when the new sighting is verified", () => {
    const holders = [held("cus_A", platform("p1")), held("cus_A", email("a@x.io", false))];
    expect(decideMatch({ incoming: [platform("p1"), email("a@x.io", true)], holders, customIds: none }).add).toEqual([
      email("a@x.io", true),
    ]);
    expect(decideMatch({ incoming: [platform("p1"), email("a@x.io", false)], holders, customIds: none }).add).toEqual(
      [],
    );
  });

  it("never links across conflicting custom ids and never reviews the chosen customer against itself", () => {
    const kinds = fc.constantFrom("platform", "custom", "email", "phone");
    const ident = fc
      .record({ kind: kinds, value: fc.constantFrom("1", "2", "3") })
      .map(({ kind, value }): Identity => ({ kind, value, scope: "", verified: kind !== "phone" }));
    const customers = fc.constantFrom("cus_a", "cus_b", "cus_c");
    fc.assert(
      fc.property(
        fc.uniqueArray(ident, { selector: (i) => i.kind, maxLength: 4 }),
        fc.array(fc.tuple(customers, ident), { maxLength: 8 }),
        fc.dictionary(customers, fc.array(fc.constantFrom("1", "2", "3"), { minLength: 1, maxLength: 2 })),
        (incoming, pairs, customIdsObj) => {
          const customIds = new Map<string, string[]>(Object.entries(customIdsObj));
          const holders = pairs
            .filter(([, i]) => incoming.some((x) => x.kind === i.kind && x.value === i.value))
            .map(([c, i]) => held(c, i));
          const d = decideMatch({ incoming, holders, customIds });
          const incomingCustom = incoming.find((i) => i.kind === "custom")?.value;
          const chosenCustom = d.customerId ? (customIds.get(d.customerId) ?? []) : [];
          if (d.rule === "email" || d.rule === "phone") {
            expect(
              incomingCustom === undefined || chosenCustom.length === 0 || chosenCustom.includes(incomingCustom),
            ).toBe(true);
          }
          expect(d.reviews.every((r) => r.otherCustomerId !== d.customerId)).toBe(true);
          expect(decideMatch({ incoming, holders, customIds })).toEqual(d);
        },
      ),
    );
  });
});
