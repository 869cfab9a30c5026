import { describe, expect, it } from "vitest";
import { elapsed, minutes, secondsSince } from "../src/lib/clock";
import { byName, naturalCompare, words } from "../src/lib/labels";

describe("elapsed time", () => {
  it.each([
    [0, "0:00"], [9.9, "0:09"], [61, "1:01"], [3599, "59:59"], [3600, "1:00:00"],
    [3723, "1:02:03"], [-5, "0:00"],
  ])("%s seconds read %s", (seconds, text) => {
    expect(elapsed(seconds)).toBe(text);
  });

  it("counts from an ISO time", () => {
    expect(secondsSince("2026-12-03T10:00:00Z", Date.parse("2026-12-03T10:02:30Z"))).toBe(150);
  });

  it.each([[null, "no route"], [29, "1 min"], [150, "3 min"], [Infinity, "no route"]])(
    "a travel time of %s seconds reads %s", (s, text) => expect(minutes(s)).toBe(text));
});

describe("names and words", () => {
  it("sorts unit names as people count them", () => {
    const names = ["M10", "M2", "m1", "E1", "M11", "A3", "M1B"];
    expect([...names].sort(naturalCompare)).toEqual(["A3", "E1", "m1", "M1B", "M2", "M10", "M11"]);
    const units = [{ c: "M10" }, { c: "M9" }];
    expect(units.sort(byName((u) => u.c)).map((u) => u.c)).toEqual(["M9", "M10"]);
  });

  it("turns codes into words", () => {
    expect(words("first_response_and_transport")).toBe("first response and transport");
    expect(words(null)).toBe("");
  });
});
