// Draft an advisory from a signal: the public's words (English, optionally Spanish), the short
// phone text for IPAWS, and the crews' instruction. The server builds CAP 1.2 and validates it;
// a problem comes back naming its field.
import { useState } from "preact/hooks";
import { api, ApiError, ok, type Schemas } from "../../api/client";
import { definitionName } from "./labels";

type Words = Schemas["WordsIn"];

function words(form: FormData, prefix: string): Words | null {
  const get = (name: string) => String(form.get(`${prefix}${name}`) ?? "").trim();
  if (!get("headline")) return null;
  return {
    headline: get("headline"), description: get("description"), instruction: get("instruction"),
    cmam_text: get("cmam_text") || null, cmam_long_text: null,
  };
}

export function DraftForm({ signal, onDrafted }: {
  signal: Schemas["SignalRead"];
  onDrafted: () => Promise<void>;
}) {
  const [error, setError] = useState("");
  const what = definitionName(signal.definition);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const english = words(form, "en_");
    if (!english) return;
    try {
      await ok(api.POST("/api/v1/surveillance/signals/{signal_id}/advisories", {
        params: { path: { signal_id: signal.id } },
        body: {
          english, spanish: words(form, "es_"), area: String(form.get("area")),
          urgency: String(form.get("urgency")), severity: String(form.get("severity")),
          certainty: String(form.get("certainty")), response_types: ["Avoid", "Monitor"],
          hours_valid: Number(form.get("hours_valid")),
          units: String(form.get("units") ?? "").split(/[\s,]+/).filter(Boolean),
          crew_instruction: String(form.get("crew_instruction") || "") || null,
        },
      }));
      await onDrafted();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}` : String(e));
    }
  };
  return (
    <form aria-label="Draft an advisory" onSubmit={(e) => void submit(e)}>
      <h3>Draft an advisory</h3>
      <label>Area (as the public reads it) <input name="area" required defaultValue="" /></label>
      <label>Headline <input name="en_headline" required maxLength={160}
        defaultValue={`Increase in ${what}`} /></label>
      <label>Description <textarea name="en_description" required
        defaultValue={`EMS crews have treated ${signal.observed} people for ${what} in this area.`} /></label>
      <label>What the public should do <textarea name="en_instruction" required
        defaultValue="Call 911 if someone is not breathing or cannot be woken. Poison Help: {poison_center}." /></label>
      <label>Phone alert text (IPAWS, 90 characters) <input name="en_cmam_text" maxLength={90} /></label>
      <details>
        <summary>Spanish (optional)</summary>
        <label>Titular <input name="es_headline" maxLength={160} /></label>
        <label>Descripción <textarea name="es_description" /></label>
        <label>Qué hacer <textarea name="es_instruction" /></label>
        <label>Texto para teléfonos (90) <input name="es_cmam_text" maxLength={90} /></label>
      </details>
      <Choice name="urgency" label="Urgency" values={["Immediate", "Expected", "Future"]} chosen="Expected" />
      <Choice name="severity" label="Severity" values={["Extreme", "Severe", "Moderate", "Minor"]}
        chosen="Severe" />
      <Choice name="certainty" label="Certainty" values={["Observed", "Likely", "Possible"]} chosen="Likely" />
      <label>Valid for (hours) <input name="hours_valid" type="number" min={1} max={168}
        defaultValue="24" /></label>
      <label>Crew instruction <input name="crew_instruction" maxLength={1000}
        placeholder="e.g. carry extra naloxone, PPE" /></label>
      <label>Only these units (call signs; empty: every crew) <input name="units"
        placeholder="e.g. M1 M7" /></label>
      <button type="submit">Save draft</button>
      <p class="error" role="alert">{error}</p>
    </form>
  );
}

/** A CAP vocabulary choice, starting on the usual value for a public-health advisory. */
function Choice({ name, label, values, chosen }: {
  name: string; label: string; values: string[]; chosen: string;
}) {
  return (
    <label>{label} <select name={name}>
      {values.map((v) => <option key={v} selected={v === chosen}>{v}</option>)}
    </select></label>
  );
}
