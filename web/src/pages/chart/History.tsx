// The patient's history as crews take it (SAMPLE): medication and other allergies, medical and
// surgical history, the medications the patient takes at home; each searched in the NEMSIS
// Suggested and Defined Lists, several per field, or "none known" said plainly.
import { CodeList, NoneBox } from "./widgets";
import { entriesOf, type Node } from "./record";

const NO_KNOWN_DRUG_ALLERGY = "8801013";
const NONE_REPORTED = "8801015";
const list = (name: string) => (q: string) =>
  q ? `/api/v1/chart/lists/${name}?q=${encodeURIComponent(q)}` : `/api/v1/chart/lists/${name}?limit=200`;
export const HISTORY_LISTS = ["MedicationAllergy", "EnvironmentalFoodAllergy", "MedicalSurgicalHistory",
  "Medication"].map((name) => list(name)(""));

/** Codes of ``element`` in the record, and whether it holds pertinent negative ``pn``. */
function held(report: Node | undefined, element: string, pn: string): [string[], boolean] {
  const found: Node[] = [];
  const walk = (node: Node) => { if (node.e === element) found.push(node); node.c?.forEach(walk); };
  if (report) walk(report);
  return [found.flatMap((n) => (n.v ? [n.v] : [])), found.some((n) => n.pn === pn)];
}

export function History({ report, locked, save }: {
  report?: Node; locked: boolean; save: (label: string, entries: ReturnType<typeof entriesOf>) => void;
}) {
  const [allergies, noAllergies] = held(report, "eHistory.06", NO_KNOWN_DRUG_ALLERGY);
  const [history, noHistory] = held(report, "eHistory.08", NONE_REPORTED);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const entries = entriesOf(event.currentTarget as HTMLFormElement);
    if (entries.length) save("history", entries);
  };
  return (
    <form id="history" class="section" onSubmit={submit}>
      <h3>Allergies, history, medications</h3>
      <CodeList name="history-allergies" element="eHistory.06" label="Medication allergies"
        url={list("MedicationAllergy")} values={allergies} />
      <NoneBox name="history-nkda" element="eHistory.06" pn={NO_KNOWN_DRUG_ALLERGY}
        label="No known drug allergies" checked={noAllergies} />
      <CodeList name="history-other-allergies" element="eHistory.07" label="Food and other allergies"
        url={list("EnvironmentalFoodAllergy")} values={held(report, "eHistory.07", "")[0]} />
      <CodeList name="history-medical" element="eHistory.08" label="Medical and surgical history"
        url={list("MedicalSurgicalHistory")} values={history} />
      <NoneBox name="history-none" element="eHistory.08" pn={NONE_REPORTED} label="No history reported"
        checked={noHistory} />
      <CodeList name="history-medications" element="eHistory.12" label="Home medications"
        url={list("Medication")} values={held(report, "eHistory.12", "")[0]} />
      <button type="submit" disabled={locked}>Save history</button>
    </form>
  );
}
