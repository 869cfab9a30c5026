// One chart, section by section, as a crew documents a call: what is still missing (each a
// link to its field), patient, situation, vitals, medications, procedures, narrative,
// disposition, signatures; then sign and lock, and the handoff PDF for the hospital.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { oneAtATime } from "../../lib/store";
import { enqueue, flush, newKey, onChange, pending, recall, serverId, type Entry } from "../../lib/outbox";
import { session } from "../../lib/session";
import * as codes from "./codes";
import { entriesOf, first, groups, localTime, nowInput, stillToChart, values, waitingKeys, withDrafts, type EntryIn, type Node, type ToChart } from "./record";
import { read, type Unit } from "./ChartApp";
import { CodeList, CodeSearch, Field, keepLists, lookUp, Select, SignaturePad, type Found } from "./widgets";
import { History, HISTORY_LISTS } from "./History";
import { NotRecorded } from "./NotRecorded";
import { Vitals } from "./Vitals";

interface PcrRead {
  id: number; status: string; record: { report: Node }; to_chart: ToChart[];
  missing_for_lock: { element: string; name: string; problem: string }[];
  not_recorded_at_lock: { element: string; name: string }[];
  warnings: { element: string; problem: string }[];
  flags: { skill: string; decision: string }[];
}
interface Member { id: number; name: string }
interface SkillFound { slug: string; name: string; code: string; listed_as: string | null; common_names: string[] }

const anchor = (key: string) => key.replace(".", "-");
/** A list's search URL; with an empty query, the whole list (kept on the device). */
const listUrl = (base: string, q: string) => (q ? `${base}?q=${encodeURIComponent(q)}` : `${base}?limit=200`);
const LISTS = ["/api/v1/chart/medications", "/api/v1/chart/procedures", "/api/v1/chart/lists/Symptom",
  "/api/v1/chart/lists/Impression", "/api/v1/chart/lists/CauseOfInjury"].map((base) => listUrl(base, ""))
  .concat(HISTORY_LISTS);

export function Chart({ pcr, unit, onClose }: { pcr: string; unit: Unit; onClose: () => void }) {
  const [chart, setChart] = useState<PcrRead | null>(null);
  const [id, setId] = useState<number | null>(null);
  const [waiting, setWaiting] = useState<Entry[]>([]);
  const [crew, setCrew] = useState<Member[]>([]);
  const [note, setNote] = useState("");
  // the record is read one read at a time, so a slow read never lands after, and over, a newer
  // one; what waits on the device is shown at once
  const readChart = useMemo(() => oneAtATime(async () => {
    const known = await serverId(pcr);
    setId(known);
    if (known !== null) setChart(await read<PcrRead>(`/api/v1/pcrs/${known}`).catch(() => null));
  }), [pcr]);
  const load = useCallback(async () => {
    setWaiting((await pending()).filter((e) => e.pcr === pcr || e.pcr === String(id)));
    await readChart();
  }, [pcr, id, readChart]);
  useEffect(() => {
    void load();
    return onChange(() => void load());
  }, [load]);
  useEffect(() => void keepLists(LISTS), []);
  useEffect(() => {
    void (async () => {
      const detail = await read<{ crew: { provider_id: number }[] }>(`/api/v1/units/${unit.id}`);
      const people = await Promise.all(detail.crew.map((c) => read<{ id: number; first_name: string; last_name: string; certifications: { level: string }[] }>(`/api/v1/providers/${c.provider_id}`)));
      setCrew(people.map((p) => ({ id: p.id, name: `${p.first_name} ${p.last_name} (${p.certifications[0]?.level ?? ""})` })));
    })().catch(() => undefined);
  }, [unit.id]);

  const latest = useRef("");
  /** Keep the entry on the device, send it, and say how far the latest entry has got. */
  const send = async (label: string, route: string, body: unknown) => {
    const key = newKey();
    latest.current = key;
    const tell = (state: string) => { if (latest.current === key) setNote(`${label}: saved on this device · ${state}`); };
    await enqueue({ key, method: "POST", path: `/api/v1/pcrs/{pcr}${route}`, pcr, body, label });
    tell("sending");
    await flush();
    const left = (await pending()).find((e) => e.key === key);
    tell(!left ? "sent" : left.conflict ? `not applied: ${left.conflict}` : "waiting to send");
    await load();
  };
  const saveSection = (label: string) => (event: SubmitEvent) => {
    event.preventDefault();
    const entries = entriesOf(event.currentTarget as HTMLFormElement);
    if (entries.length) void send(label, "/elements", { entries });
  };
  const drafts = waiting.filter((e) => !e.conflict && e.path.endsWith("/elements"))
    .map((e) => (e.body as { entries: EntryIn[] }).entries);
  const report = withDrafts(chart?.record.report, drafts);
  const toChart = stillToChart(chart?.to_chart ?? [], drafts, waitingKeys(waiting));
  const left = toChart.filter((item) => !item.waiting).length;
  const locked = chart?.status === "locked";
  const injured = first(report, "eSituation.02") === "9922005";
  return (
    <article class="chart" aria-label="Patient care record">
      <header class="chart-title">
        <button onClick={onClose}>← My charts</button>
        <h2>Chart {id ?? "(new, not sent yet)"} {locked ? "· locked" : ""}</h2>
      </header>
      <p role="status" class="note">{note}</p>
      {waiting.length > 0 && (
        <section class="waiting" aria-label="Waiting to send">
          <h3>On this device, waiting to send</h3>
          <ol>{waiting.map((e) => <li key={e.seq}>{e.label}{e.conflict ? ` — not applied: ${e.conflict}` : ""}</li>)}</ol>
        </section>
      )}
      {chart && !locked && (
        <nav class="missing" aria-label="What is missing">
          <h3>{left ? "Still to chart before signing" : toChart.length ? "All charted; send before signing" : "Ready to sign"}</h3>
          <ul>{toChart.map((item) => (
            <li key={item.key} class={item.waiting ? "sending" : undefined}>
              <a href={`#${anchor(item.key)}`}>{item.label}</a>
              {item.waiting && <span class="sending-mark"> — charted, waiting to send</span>}
            </li>
          ))}</ul>
        </nav>
      )}
      {chart && (chart.flags.length > 0 || chart.warnings.length > 0) && (
        <section class="flags" aria-label="Flags and warnings">
          {chart.flags.map((f) => <p key={f.skill}>Flagged for the medical director: {f.skill} ({f.decision})</p>)}
          {chart.warnings.map((w, i) => <p key={i}>Check: {w.problem}</p>)}
        </section>
      )}
      <form id="patient" class="section" onSubmit={saveSection("patient")}>
        <h3>Patient</h3>
        <Field name="patient-first" element="ePatient.03" label="First name" value={first(report, "ePatient.03")} />
        <Field name="patient-last" element="ePatient.02" label="Last name" value={first(report, "ePatient.02")} />
        <Field name="patient-dob" element="ePatient.17" label="Date of birth" type="date" value={first(report, "ePatient.17")} />
        <Field name="patient-age" element="ePatient.15" label="Age (or estimated)" type="number" min="0" max="120" value={first(report, "ePatient.15")} />
        <Select name="patient-age-units" element="ePatient.16" label="Age units" choices={codes.AGE_UNITS} value={first(report, "ePatient.16")} />
        <Select name="patient-sex" element="ePatient.25" label="Sex" choices={codes.SEX} value={first(report, "ePatient.25")} />
        <Field name="patient-weight" element="eExam.01" label="Weight (kg)" type="number" step="0.1" value={first(report, "eExam.01")} />
        <Field name="patient-street" element="ePatient.05" label="Home address" value={first(report, "ePatient.05")} autocomplete="off" />
        <div class="grid">
          <Field name="patient-zip" element="ePatient.09" label="ZIP" value={first(report, "ePatient.09")} inputmode="numeric" pattern="[0-9]{5}(-[0-9]{4})?" />
          <Select name="patient-state" element="ePatient.08" label="State" choices={codes.STATES} value={first(report, "ePatient.08")} />
          <Field name="patient-county" element="ePatient.07" label="County code (5 digits)" value={first(report, "ePatient.07")} inputmode="numeric" pattern="[0-9]{5}" />
        </div>
        <button type="submit" disabled={locked}>Save patient</button>
      </form>
      <History report={report} locked={locked} save={(label, entries) => void send(label, "/elements", { entries })} />
      <form id="situation" class="section" onSubmit={saveSection("situation")}>
        <h3>Situation</h3>
        <input type="hidden" data-element="eSituation.03" value="2803001" />
        <Field name="situation-complaint" element="eSituation.04" label="Chief complaint" value={first(report, "eSituation.04")} />
        <CodeSearch name="situation-symptom" element="eSituation.09" label="Primary symptom" value={first(report, "eSituation.09")}
          url={(q) => listUrl("/api/v1/chart/lists/Symptom", q)} />
        <CodeList name="situation-other-symptoms" element="eSituation.10" label="Other symptoms"
          url={(q) => listUrl("/api/v1/chart/lists/Symptom", q)} values={values(report, "eSituation.10")} />
        <CodeSearch name="situation-impression" element="eSituation.11" label="Primary impression (ICD-10)" value={first(report, "eSituation.11")}
          url={(q) => listUrl("/api/v1/chart/lists/Impression", q)} />
        <CodeSearch name="situation-secondary" element="eSituation.12" label="Secondary impression" value={first(report, "eSituation.12")}
          url={(q) => listUrl("/api/v1/chart/lists/Impression", q)} />
        <Select name="situation-injury" element="eSituation.02" label="Possible injury" choices={codes.YES_NO_UNKNOWN_INJURY} value={first(report, "eSituation.02")} />
        <CodeList name="situation-cause" element="eInjury.01" label={injured ? "Cause of injury" : "Cause of injury (if injured)"}
          url={(q) => listUrl("/api/v1/chart/lists/CauseOfInjury", q)} values={values(report, "eInjury.01")} />
        <Select name="situation-acuity" element="eSituation.13" label="Acuity" choices={codes.ACUITY} value={first(report, "eSituation.13")} />
        <Select name="situation-arrest" element="eArrest.01" label="Cardiac arrest" choices={codes.ARREST} value={first(report, "eArrest.01")} />
        <button type="submit" disabled={locked}>Save situation</button>
      </form>
      <Vitals report={report} locked={locked} send={send} />
      <Care kind="medications" report={report} crew={crew} locked={locked} send={send} />
      <Care kind="procedures" report={report} crew={crew} locked={locked} send={send} />
      <form id="narrative" class="section" onSubmit={saveSection("narrative")}>
        <h3>Narrative</h3>
        <label>What happened, what you found, what you did
          <textarea id="narrative-text" data-element="eNarrative.01" rows={5} defaultValue={first(report, "eNarrative.01")} />
        </label>
        <button type="submit" disabled={locked}>Save narrative</button>
      </form>
      <form id="disposition" class="section" onSubmit={saveSection("disposition")}>
        <h3>Disposition and transfer of care</h3>
        <Select name="disposition-unit" element="eDisposition.27" label="Unit disposition" choices={codes.UNIT_DISPOSITION} value={first(report, "eDisposition.27")} />
        <Select name="disposition-care" element="eDisposition.28" label="Patient evaluation and care" choices={codes.CARE} value={first(report, "eDisposition.28")} />
        <Select name="disposition-crew" element="eDisposition.29" label="Crew disposition" choices={codes.CREW} value={first(report, "eDisposition.29")} />
        <Select name="disposition-transport" element="eDisposition.30" label="Transport disposition" choices={codes.TRANSPORT} value={first(report, "eDisposition.30")} />
        <Select name="disposition-destination" element="eDisposition.21" label="Destination type" choices={codes.DESTINATION_TYPE} value={first(report, "eDisposition.21")} />
        <Select name="disposition-reason" element="eDisposition.20" label="Why this destination" choices={codes.DESTINATION_REASON} value={first(report, "eDisposition.20")} />
        <Field name="disposition-transfer" element="eTimes.12" label="Transfer of care at" type="datetime-local" step="1" />
        <button type="submit" disabled={locked}>Save disposition</button>
      </form>
      <Signatures locked={locked} send={send} count={groups(report, "eOther.SignatureGroup").length} />
      <section class="section" aria-label="Sign and lock">
        <h3>Sign and lock</h3>
        {chart && !locked && <NotRecorded items={chart.not_recorded_at_lock} />}
        <button id="lock" class="primary" disabled={locked || !chart}
          onClick={() => void send("sign and lock", "/lock", {})}>Sign and lock</button>
        {id !== null && <button id="pdf" onClick={() => void download(id)}>Handoff PDF</button>}
      </section>
    </article>
  );
}

async function download(id: number): Promise<void> {
  const response = await fetch(`/api/v1/pcrs/${id}/handoff.pdf`, { headers: { Authorization: `Bearer ${session.token ?? ""}` } });
  if (!response.ok) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `handoff-${id}.pdf`;
  link.click();
}

export type Send = (label: string, route: string, body: unknown) => Promise<void>;

function Care({ kind, report, crew, locked, send }: {
  kind: "medications" | "procedures"; report?: Node; crew: Member[]; locked: boolean; send: Send;
}) {
  const medication = kind === "medications";
  const prefix = medication ? "eMedications" : "eProcedures";
  const [skill, setSkill] = useState<Found | null>(null);
  const [dose, setDose] = useState("");
  const given = groups(report, `${prefix}.${medication ? "MedicationGroup" : "ProcedureGroup"}`);
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    void recall<SkillFound[]>(listUrl(`/api/v1/chart/${kind}`, "")).then((all) =>
      setNames(new Map((all ?? []).map((s) => [s.code, s.listed_as ?? s.name]))));
  }, [kind, given.length]);
  const named = (code: string) => names.get(code) ?? code;
  const search = async (q: string): Promise<Found[]> => {
    const found = await lookUp<SkillFound>((text) => listUrl(`/api/v1/chart/${kind}`, text), q,
      (s) => [s.slug, s.name, s.listed_as ?? "", ...s.common_names]);
    return found.map((s) => ({ code: s.slug, label: s.name, detail: s.listed_as ?? s.common_names.join(", ") }));
  };
  const helper = async () => {
    const weight = first(report, "eExam.01");
    if (!skill || !weight) return setDose("Enter the patient's weight and pick the medication first.");
    const response = await fetch(`/api/v1/chart/dose?skill=${skill.code}&weight_kg=${weight}`, { headers: { Authorization: `Bearer ${session.token ?? ""}` } });
    const answer = (await response.json()) as { dose?: number; unit?: string; working?: string; cite?: string; detail?: string };
    setDose(answer.working ? `${answer.dose} ${answer.unit}: ${answer.working}${answer.cite ? ` (${answer.cite})` : ""}` : answer.detail ?? "");
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
    if (!skill) return;
    const details = entriesOf(form);
    void send(`${skill.label}`, `/${kind}`, {
      skill: skill.code, provider_id: Number(get(`${kind}-by`)), at: new Date(get(`${kind}-at`)).toISOString(), details,
    });
    form.reset();
  };
  return (
    <form id={kind} class="section" onSubmit={submit}>
      <h3>{medication ? "Medications" : "Procedures"}</h3>
      <ul>{given.map((g, i) => <li key={i}>{localTime(first(g, `${prefix}.01`))} · {named(first(g, `${prefix}.03`))} {medication ? `${first(g, "eMedications.05")} ${new Map(codes.DOSE_UNITS).get(first(g, "eMedications.06")) ?? ""}` : `attempts ${first(g, "eProcedures.05")}`}</li>)}</ul>
      <SkillPicker label={medication ? "Medication (any name: narcan, epi, NTG, D10)" : "Procedure (BVM, OPA, IO…)"}
        name={`${kind}-skill`} search={search} onPick={setSkill} />
      <div class="grid">
        <Field name={`${kind}-at`} label="At" type="datetime-local" value={nowInput()} required />
        <label>Performed by
          <select name={`${kind}-by`} id={`${kind}-by`} required>
            <option value="">choose…</option>
            {crew.map((m) => <option key={m.id} value={String(m.id)}>{m.name}</option>)}
          </select>
        </label>
        {medication ? (<>
          <Field name="medications-dose" element="eMedications.05" label="Dose" type="number" step="any" />
          <Select name="medications-unit" element="eMedications.06" label="Unit" choices={codes.DOSE_UNITS} />
          <Select name="medications-route" element="eMedications.04" label="Route" choices={codes.ROUTES} />
          <Select name="medications-response" element="eMedications.07" label="Response" choices={codes.RESPONSE} />
          <Select name="medications-complication" element="eMedications.08" label="Complication" choices={codes.MED_COMPLICATION} />
        </>) : (<>
          <Field name="procedures-attempts" element="eProcedures.05" label="Attempts" type="number" min="1" />
          <Select name="procedures-success" element="eProcedures.06" label="Successful" choices={codes.YES_NO} />
          <Select name="procedures-complication" element="eProcedures.07" label="Complication" choices={codes.PROC_COMPLICATION} />
          <Select name="procedures-response" element="eProcedures.08" label="Response" choices={codes.RESPONSE} />
        </>)}
      </div>
      {medication && <p><button type="button" id="dose-helper" onClick={() => void helper()}>Dose by weight</button> <output id="dose">{dose}</output></p>}
      <button type="submit" disabled={locked || !skill}>Add {medication ? "medication" : "procedure"}</button>
    </form>
  );
}

function SkillPicker({ label, name, search, onPick }: { label: string; name: string; search: (q: string) => Promise<Found[]>; onPick: (f: Found) => void }) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found[]>([]);
  return (
    <div class="code-search">
      <label>{label}
        <input id={name} type="search" autocomplete="off" value={query}
          onInput={(e) => { const q = (e.currentTarget as HTMLInputElement).value; setQuery(q); void search(q).then(setFound); }} />
      </label>
      {found.length > 0 && (
        <ul class="found" role="listbox" aria-label={`${label}: matches`}>
          {found.map((f) => <li key={f.code}><button type="button" role="option" onClick={() => { onPick(f); setQuery(f.label); setFound([]); }}>{f.label} <small>{f.detail}</small></button></li>)}
        </ul>
      )}
    </div>
  );
}

function Signatures({ locked, send, count }: { locked: boolean; send: Send; count: number }) {
  // refs, not state: the drawing is read at the click, whatever was redrawn in between
  const patientPng = useRef("");
  const receivingPng = useRef("");
  const setPatient = useCallback((png: string) => { patientPng.current = png; }, []);
  const setReceiving = useCallback((png: string) => { receivingPng.current = png; }, []);
  const sign = (signer: string, image: string, form: HTMLFormElement) => {
    const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
    const reason = get(`${signer}-not-signed`);
    void send(`${signer} signature`, "/signatures", {
      signer, at: new Date().toISOString(), last_name: get(`${signer}-last`) || null,
      first_name: get(`${signer}-first`) || null,
      ...(reason ? { not_signed: reason } : { image }),
    });
  };
  return (
    <section id="signatures" class="section" aria-label="Signatures">
      <h3>Signatures ({count} kept)</h3>
      <form id="signatures-patient" onSubmit={(e) => { e.preventDefault(); sign("patient", patientPng.current, e.currentTarget as HTMLFormElement); }}>
        <SignaturePad label="Patient signature" onChange={setPatient} />
        <Select name="patient-not-signed" label="Or: the patient did not sign because" choices={codes.NOT_SIGNED} />
        <button type="submit" disabled={locked}>Keep patient signature</button>
      </form>
      <form id="signatures-receiving" onSubmit={(e) => { e.preventDefault(); sign("receiving", receivingPng.current, e.currentTarget as HTMLFormElement); }}>
        <SignaturePad label="Receiving staff signature" onChange={setReceiving} />
        <Field name="receiving-first" label="Receiving staff first name" />
        <Field name="receiving-last" label="Receiving staff last name" />
        <button type="submit" disabled={locked}>Keep receiving signature</button>
      </form>
    </section>
  );
}
