// The medical director's review: each scope flag with its clinical context, filters, history
// per provider and skill, an explicit decision with a comment (no default), the queue as CSV,
// and the agency's protocol with its history.
import { useCallback, useEffect, useState } from "preact/hooks";
import { allPages, type Paged } from "../../api/client";
import { session } from "../../lib/session";

interface Flag {
  id: number; skill: string; decision: string; provider: string | null; unit: string | null;
  performed_at: string; patient_age: string | null; patient_sex: string | null; impression: string | null;
  reasons: { layer?: string; detail?: string; outcome?: string }[];
  vitals_around: { taken_at: string | null; values: Record<string, string> }[];
  documented: unknown; status: string; outcome: string | null; comment: string | null;
}
interface Line { key: string; flags: number; open: number; outcomes: Record<string, number> }

const OUTCOMES: [string, string][] = [["appropriate", "Care appropriate"], ["education", "Education / remediation"],
  ["referred", "Referred for formal review"], ["documentation", "Care right, documentation to fix"]];

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "Content-Type": "application/json", Authorization: `Bearer ${session.token ?? ""}`, ...init.headers } });
  const data = (await response.json().catch(() => ({}))) as T & { detail?: string };
  if (!response.ok) throw new Error(data.detail ?? `HTTP ${response.status}`);
  return data;
}

export function Review() {
  const [flags, setFlags] = useState<Flag[] | null>(null);
  const [filters, setFilters] = useState<Record<string, string>>({ status: "open" });
  const [history, setHistory] = useState<Line[]>([]);
  const [error, setError] = useState("");
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== "")).toString();
  const load = useCallback(async () => {
    try {
      setFlags((await call<{ items: Flag[] }>(`/api/v1/review/flags?${query}`)).items);
      const by = filters.by ?? "provider";
      setHistory((await allPages((cursor) =>
        call<Paged<Line>>(`/api/v1/review/history?by=${by}${cursor ? `&cursor=${cursor}` : ""}`))).items);
    } catch (e) { setError((e as Error).message); }
  }, [query, filters.by]);
  useEffect(() => void load(), [load]);
  const set = (name: string) => (event: Event) => setFilters({ ...filters, [name]: (event.currentTarget as HTMLInputElement).value });
  const csv = async () => {
    const response = await fetch(`/api/v1/review/flags.csv?${query}`, { headers: { Authorization: `Bearer ${session.token ?? ""}` } });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "scope-flags.csv";
    link.click();
  };
  return (
    <main class="review">
      <h1>Medical director's review</h1>
      <p class="error" role="alert">{error}</p>
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>Status <select value={filters.status} onChange={set("status")}>
          <option value="open">open</option><option value="reviewed">reviewed</option><option value="all">all</option></select></label>
        <label>From <input type="date" onChange={set("since")} /></label>
        <label>Skill <input name="skill" onChange={set("skill")} placeholder="e.g. naloxone-iv" /></label>
        <label>Provider id <input name="provider_id" type="number" onChange={set("provider_id")} /></label>
        <label>Unit id <input name="unit_id" type="number" onChange={set("unit_id")} /></label>
        <label>Outcome <select onChange={set("outcome")}><option value="">any</option>
          {OUTCOMES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
        <button type="button" onClick={() => void csv()}>Export CSV</button>
      </form>
      <section id="flags" aria-label="Flags">
        {flags === null ? "Loading…" : flags.length === 0 ? "No open flag." : flags.map((f) => <FlagItem key={f.id} flag={f} onDone={load} />)}
      </section>
      <section aria-label="History">
        <h2>History per <select value={filters.by ?? "provider"} onChange={set("by")}><option value="provider">provider</option><option value="skill">skill</option></select></h2>
        <table><thead><tr><th>{filters.by === "skill" ? "Skill" : "Provider id"}</th><th>Flags</th><th>Open</th><th>Outcomes</th></tr></thead>
          <tbody>{history.map((l) => <tr key={l.key}><td>{l.key}</td><td>{l.flags}</td><td>{l.open}</td>
            <td>{Object.entries(l.outcomes).map(([o, n]) => `${o} ${n}`).join(", ")}</td></tr>)}</tbody></table>
      </section>
      <Protocol />
    </main>
  );
}

function FlagItem({ flag, onDone }: { flag: Flag; onDone: () => void }) {
  const [error, setError] = useState("");
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      await call(`/api/v1/review/flags/${flag.id}`, { method: "POST", body: JSON.stringify({ outcome: form.get("outcome"), comment: form.get("comment") }) });
      onDone();
    } catch (e) { setError((e as Error).message); }
  };
  return (
    <article class="flag-item" aria-label={`Flag ${flag.id}`}>
      <h2>{flag.skill} · <span class="decision">{flag.decision.replaceAll("_", " ")}</span></h2>
      <dl class="context">
        <dt>Provider</dt><dd>{flag.provider}</dd>
        <dt>Unit · when</dt><dd>{flag.unit} · {new Date(flag.performed_at).toLocaleString()}</dd>
        <dt>Patient</dt><dd>{[flag.patient_age, flag.patient_sex].filter(Boolean).join(", ") || "age and sex not documented"}</dd>
        <dt>Impression</dt><dd>{flag.impression ?? "not documented"}</dd>
        <dt>Vitals around the time</dt><dd>{flag.vitals_around.length === 0 ? "none within 30 minutes" :
          flag.vitals_around.map((v, i) => <div key={i}>{v.taken_at ? new Date(v.taken_at).toLocaleTimeString() : ""}: {Object.entries(v.values).map(([k, x]) => `${k.replaceAll("_", " ")} ${x}`).join(", ")}</div>)}</dd>
        <dt>Why it was flagged</dt><dd><ul>{flag.reasons.map((r, i) => <li key={i}>{r.layer ? `${r.layer}: ` : ""}{r.detail}</li>)}</ul></dd>
      </dl>
      {flag.status === "open" ? (
        <form onSubmit={(e) => void submit(e)}>
          <label>Decision <select name="outcome" required><option value="">choose…</option>
            {OUTCOMES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>Comment <textarea name="comment" required rows={2} /></label>
          <button type="submit">Record decision</button>
          <p class="error" role="alert">{error}</p>
        </form>
      ) : <p>Decided: {flag.outcome}: {flag.comment}</p>}
    </article>
  );
}

function Protocol() {
  const [text, setText] = useState("");
  const [versions, setVersions] = useState<{ id: number; note: string; at: string }[]>([]);
  const [message, setMessage] = useState("");
  const load = useCallback(async () => {
    const current = await call<{ document: unknown }>("/api/v1/scope/protocol");
    setText(JSON.stringify(current.document ?? { agency: { name: "" }, rule: [], dose: [] }, null, 2));
    setVersions((await call<{ items: { id: number; note: string; at: string }[] }>("/api/v1/scope/protocol/history")).items);
  }, []);
  useEffect(() => void load().catch(() => undefined), [load]);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get("note") ?? "");
    try {
      await call("/api/v1/scope/protocol", { method: "PUT", body: JSON.stringify({ document: JSON.parse(text), note }) });
      setMessage("Saved."); void load();
    } catch (e) { setMessage((e as Error).message); }
  };
  return (
    <section aria-label="Agency protocol">
      <h2>Agency protocol (narrows the state's scope; weight-based doses)</h2>
      <form onSubmit={(e) => void save(e)}>
        <textarea name="protocol" rows={10} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
        <label>Why it changes <input name="note" required /></label>
        <button type="submit">Save protocol</button> <span role="status">{message}</span>
      </form>
      <ol>{versions.map((v) => <li key={v.id}>{new Date(v.at).toLocaleString()}: {v.note}</li>)}</ol>
    </section>
  );
}
