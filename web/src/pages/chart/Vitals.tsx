// Vital signs as a time series: the sets taken so far, and a new set with every value crews
// record (BP, pulse, breathing, SpO2, EtCO2, glucose, temperature, GCS parts, AVPU, pain,
// cardiac rhythm, stroke scale). The server refuses impossible values naming the field and
// keeps unlikely ones with a warning shown above the chart.
import * as codes from "./codes";
import { entriesOf, first, groups, localTime, nowInput, values, type Node } from "./record";
import type { Send } from "./Chart";
import { Field, Select } from "./widgets";

const named = (choices: codes.Choice[]) => new Map(choices);
const COLUMNS: [element: string, label: string, names?: Map<string, string>][] = [
  ["eVitals.06", "BP"], ["eVitals.07", "/"], ["eVitals.10", "HR"], ["eVitals.14", "RR"],
  ["eVitals.12", "SpO2"], ["eVitals.16", "EtCO2"], ["eVitals.18", "BGL"], ["eVitals.24", "Temp"],
  ["eVitals.23", "GCS"], ["eVitals.26", "AVPU", named(codes.AVPU)], ["eVitals.27", "Pain"],
  ["eVitals.03", "Rhythm", named(codes.RHYTHM)], ["eVitals.29", "Stroke", named(codes.STROKE_RESULT)],
];

export function Vitals({ report, locked, send }: { report?: Node; locked: boolean; send: Send }) {
  const sets = groups(report, "eVitals.VitalGroup");
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const readings = entriesOf(form);
    const at = (form.elements.namedItem("vitals-at") as HTMLInputElement).value;
    void send(`vitals at ${at.slice(11)}`, "/vitals", { taken_at: new Date(at).toISOString(), readings });
    form.reset();
  };
  return (
    <form id="vitals" class="section" onSubmit={submit}>
      <h3>Vital signs</h3>
      <div class="table-scroll">
        <table class="vitals-table"><thead><tr><th>Time</th>{COLUMNS.map(([e, l]) => <th key={e}>{l}</th>)}</tr></thead>
          <tbody>{sets.map((set, i) => (
            <tr key={i}><td>{localTime(first(set, "eVitals.01"))}</td>
              {COLUMNS.map(([e, , names]) => {
                const shown = values(set, e)[0] ?? "";
                return <td key={e}>{names?.get(shown) ?? shown}</td>;
              })}
            </tr>
          ))}</tbody></table>
      </div>
      <div class="grid" id="vitals-first">
        <Field name="vitals-at" label="Taken at" type="datetime-local" value={nowInput()} required />
        <Field name="vitals-sbp" element="systolic" label="BP systolic" type="number" min="0" max="500" />
        <Field name="vitals-dbp" element="diastolic" label="BP diastolic" type="number" min="0" max="500" />
        <Field name="vitals-hr" element="heart_rate" label="Heart rate" type="number" min="0" max="500" />
        <Field name="vitals-rr" element="respiratory_rate" label="Resp. rate" type="number" min="0" max="300" />
        <Field name="vitals-spo2" element="spo2" label="SpO2 %" type="number" min="0" max="100" />
        <Field name="vitals-etco2" element="etco2" label="EtCO2 mmHg" type="number" min="0" max="1000" />
        <Field name="vitals-bgl" element="glucose" label="Glucose mg/dL" type="number" min="0" max="2000" />
        <Field name="vitals-temp" element="temperature" label="Temp °C" type="number" step="0.1" min="-10" max="60" />
        <Field name="vitals-gcs-e" element="gcs_eye" label="GCS eye" type="number" min="1" max="4" />
        <Field name="vitals-gcs-v" element="gcs_verbal" label="GCS verbal" type="number" min="1" max="5" />
        <Field name="vitals-gcs-m" element="gcs_motor" label="GCS motor" type="number" min="1" max="6" />
        <Select name="vitals-avpu" element="avpu" label="AVPU" choices={codes.AVPU} />
        <Field name="vitals-pain" element="pain" label="Pain 0-10" type="number" min="0" max="10" />
        <Select name="vitals-rhythm" element="rhythm" label="Cardiac rhythm" choices={codes.RHYTHM} />
        <Select name="vitals-ecg" element="ecg_type" label="ECG type" choices={codes.ECG_TYPE} />
        <Select name="vitals-ecg-method" element="ecg_method" label="ECG read by" choices={codes.ECG_METHOD} />
        <Select name="vitals-stroke-type" element="stroke_scale_type" label="Stroke scale" choices={codes.STROKE_SCALE} />
        <Select name="vitals-stroke" element="stroke_scale" label="Stroke scale result" choices={codes.STROKE_RESULT} />
      </div>
      <button type="submit" disabled={locked}>Add vitals</button>
    </form>
  );
}
