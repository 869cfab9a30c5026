import { describe, expect, it } from "vitest";
import { entriesOf } from "../src/pages/chart/record";

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
