import { describe, expect, it } from "vitest";
import { entriesOf, first, stillToChart, values, waitingKeys, withDrafts, type Node, type ToChart } from "../src/pages/chart/record";

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

describe("what is still to chart, with what waits on the device", () => {
  // as the server lists them (domain/pcr/chart.py CHECKLIST), for a chart with nothing done
  const items: ToChart[] = [
    { key: "patient.age", label: "Patient's age (or date of birth)", elements: ["ePatient.15", "ePatient.16"] },
    { key: "history.allergies", label: "Medication allergies, or none known", elements: ["eHistory.06"] },
    { key: "situation.complaint", label: "Chief complaint", elements: ["eSituation.04"] },
    { key: "vitals.first", label: "At least one set of vital signs", elements: ["eVitals.VitalGroup"] },
    { key: "narrative.text", label: "Narrative", elements: ["eNarrative.01"] },
    { key: "signatures.patient", label: "Patient's signature", elements: ["eOther.SignatureGroup"] },
    { key: "signatures.receiving", label: "Receiving staff's signature", elements: ["eOther.SignatureGroup"] },
  ];
  const waitingOn = (saves: Parameters<typeof stillToChart>[1], keys = new Set<string>()) =>
    stillToChart(items, saves, keys).filter((i) => i.waiting).map((i) => i.key);

  it("marks a field drafted on the device as waiting to send, and keeps it on the list", () => {
    const shown = stillToChart(items, [[{ element: "eNarrative.01", value: "found on the floor" }]], new Set());
    expect(shown.map((i) => i.key)).toEqual(items.map((i) => i.key));
    expect(shown.filter((i) => i.waiting).map((i) => i.label)).toEqual(["Narrative"]);
  });

  it("counts a NOT value or a pertinent negative as charted, as the server does", () => {
    expect(waitingOn([[{ element: "eHistory.06", nv: "7701003" }]])).toEqual(["history.allergies"]);
    expect(waitingOn([[{ element: "eSituation.04", pn: "8801019" }]])).toEqual(["situation.complaint"]);
  });

  it("waits for every element an item fills, and for the latest save of each", () => {
    expect(waitingOn([[{ element: "ePatient.15", value: 54 }]])).toEqual([]);
    expect(waitingOn([[{ element: "ePatient.15", value: 54 }, { element: "ePatient.16", value: "2516009" }]]))
      .toEqual(["patient.age"]);
    expect(waitingOn([[{ element: "eNarrative.01", value: "words" }], [{ element: "eNarrative.01", value: null }]]))
      .toEqual([]);
    expect(waitingOn([[{ element: "eSituation.04", value: "  " }]])).toEqual([]);
  });

  it("marks vitals and each signature waiting from their own entries, not from turned-down ones", () => {
    const keys = waitingKeys([
      { path: "/api/v1/pcrs/{pcr}/vitals", body: { readings: [] } },
      { path: "/api/v1/pcrs/3/signatures", body: { signer: "receiving" } },
      { path: "/api/v1/pcrs/3/signatures", body: { signer: "patient" }, conflict: "the record is locked" },
    ]);
    expect(keys).toEqual(new Set(["vitals.first", "signatures.receiving"]));
    expect(waitingOn([], keys)).toEqual(["vitals.first", "signatures.receiving"]);
  });
});
