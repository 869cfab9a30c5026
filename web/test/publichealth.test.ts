import { describe, expect, it } from "vitest";
import { definitionName, summary } from "../src/pages/publichealth/labels";

describe("a signal's one-line summary on the officer's queue", () => {
  it("reads a threshold signal without expected count or p", () => {
    expect(summary({ detector: "threshold", definition: "poisoning", observed: 4, expected: null, p: null }))
      .toBe("4 poisonings or ingestions (24-hour threshold)");
  });

  it.each([
    [0.0123, "p 0.012"], [0.00001234, "p 1.2e-5"],
  ])("writes p = %s as %s", (p, text) => {
    expect(summary({ detector: "scan", definition: "opioid_overdose", observed: 9, expected: 2.25, p }))
      .toBe(`9 suspected opioid overdoses, 2.3 expected, ${text} (space-time scan)`);
  });

  it("names an agency's own definition from its id", () => {
    expect(definitionName("heat_illness")).toBe("heat illness");
  });
});
