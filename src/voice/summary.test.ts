import { describe, expect, it } from "vitest";
import { extractiveSummary, splitSentences } from "./summary.ts";

describe("extractiveSummary", () => {
  const cases = [
    {
      name: "order call: reason, order id and phone number",
      text: "Hello, I am calling about my order number A B 4 5 1 2. It has not arrived yet. Please call me back on 415 555 0101.",
      reason: "Hello, I am calling about my order number A B 4 5 1 2.",
      orderIds: ["AB4512"],
      phones: ["4155550101"],
      emails: [],
    },
    {
      name: "voicemail with a spoken email",
      text: "Hi, this is a voicemail. I would like to change my delivery address. My email is jane at example dot com.",
      reason: "I would like to change my delivery address.",
      orderIds: [],
      phones: [],
      emails: ["jane@example.com"],
    },
    {
      name: "written email and E.164 number",
      text: "Reach me at Bob.Smith@Example.org or +44 20 7946 0958. I was charged twice for invoice 7781.",
      reason: "I was charged twice for invoice 7781.",
      orderIds: ["7781"],
      phones: ["+442079460958"],
      emails: ["bob.smith@example.org"],
    },
    { name: "no reason stated", text: "Okay. Thanks. Bye.", reason: null, orderIds: [], phones: [], emails: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = extractiveSummary(c.text);
      expect(s.reason).toBe(c.reason);
      expect(s.orderIds).toEqual(c.orderIds);
      expect(s.phones).toEqual(c.phones);
      expect(s.emails).toEqual(c.emails);
      expect(s.keySentences.length).toBeLessThanOrEqual(3);
      for (const k of s.keySentences) expect(splitSentences(c.text)).toContain(k);
    });
  }

  it("keeps key sentences in spoken order and at most `max`", () => {
    const text = "One thing. The refund for the broken kettle. The kettle refund is late. Weather is nice. Bye.";
    const s = extractiveSummary(text, [], 2);
    expect(s.keySentences).toEqual(["The refund for the broken kettle.", "The kettle refund is late."]);
  });

  it("takes the reason from speaker turns when given", () => {
    const s = extractiveSummary("Thanks for calling. I need a new password.", [
      { start: 0, end: 1, speaker: "agent", text: "Thanks for calling." },
      { start: 1, end: 3, speaker: "customer", text: "I need a new password." },
    ]);
    expect(s.reason).toBe("I need a new password.");
  });
});
