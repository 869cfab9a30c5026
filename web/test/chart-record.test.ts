import { describe, expect, it } from "vitest";
import { entriesOf, first, values, withDrafts, type Node } from "../src/pages/chart/record";

function form(markup: string): HTMLFormElement {
  const parsed = new DOMParser().parseFromString(`<form>${markup}</form>`, "text/html");
  return parsed.querySelector("form") as HTMLFormElement;
}

describe("chart entries from a form", () => {
  it("sends each filled field once per value, leaves empty ones out, ticks as pertinent negatives", () => {
    const entries = entriesOf(form(`
      <input data-element="eHistory.08" type="hidden" value="E11.8">
      <input data-element="eHistory.08" type="hidden" value="F11.21">
      <input data-element="ePatient.05" value="  12 Alder St ">
      <input data-element="ePatient.09" value="">
      <input type="checkbox" data-element="eHistory.06" data-pn="8801013" checked>
      <input type="checkbox" data-element="eHistory.07" data-pn="8801015">
      <input name="no-element" value="kept off">`));
    expect(entries).toEqual([
      { element: "eHistory.08", value: "E11.8" },
      { element: "eHistory.08", value: "F11.21" },
      { element: "ePatient.05", value: "12 Alder St" },
      { element: "eHistory.06", pn: "8801013" },
    ]);
  });
});

describe("a chart's drafts kept on the device", () => {
  const report: Node = { g: "PCR", c: [
    { e: "eSituation.04", v: "chest pain" },
    { e: "eSituation.10", v: "R11.0" }, { e: "eSituation.10", v: "R06.0" },
    { g: "eNarrative", c: [{ e: "eNarrative.01", v: "first words" }] },
  ] };

  it("stand in for the values they replace, the latest save of an element winning", () => {
    const shown = withDrafts(report, [
      [{ element: "eNarrative.01", value: "written offline" }, { element: "eSituation.10", value: "R51" }],
      [{ element: "eNarrative.01", value: "written offline, then more" }],
    ]);
    expect(first(shown, "eNarrative.01")).toBe("written offline, then more");
    expect(values(shown, "eNarrative.01")).toEqual(["written offline, then more"]);
    expect(values(shown, "eSituation.10")).toEqual(["R51"]);
    expect(first(shown, "eSituation.04")).toBe("chest pain");
  });

  it("show with no record read yet, and leave the record alone when there are none", () => {
    expect(first(withDrafts(undefined, [[{ element: "eSituation.04", value: "fall" }]]), "eSituation.04")).toBe("fall");
    expect(withDrafts(report, [])).toBe(report);
  });
});
