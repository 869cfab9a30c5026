// The crew's charts on a tablet or phone: the unit's records (open, unsigned, locked), which
// survive clearing the call and a reload because they are read back from the server (and from
// the device when there is no connection); every entry goes through the device's outbox.
import { useCallback, useEffect, useState } from "preact/hooks";
import { allPages, type Paged } from "../../api/client";
import { session } from "../../lib/session";
import { enqueue, flush, newKey, onChange, pending, recall, remember, type Entry } from "../../lib/outbox";
import { Chart } from "./Chart";
import { UnitStatus, type Assignment } from "./UnitStatus";

export interface Unit { id: number; call_sign: string }
export interface Summary { id: number; incident_id: number | null; unit_id: number | null; status: string; created_at: string }

/** A GET that falls back to the device's copy when there is no connection. */
export async function read<T>(url: string): Promise<T> {
  try {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${session.token ?? ""}` } });
    if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${response.status}`);
    const data = (await response.json()) as T;
    await remember(url, data);
    return data;
  } catch (error) {
    const kept = await recall<T>(url);
    if (kept !== null) return kept;
    throw error;
  }
}

export function ChartApp() {
  const [unit, setUnit] = useState<Unit | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    void (async () => {
      const me = await read<{ unit_id: number | null; unit_call_sign: string | null }>("/api/v1/auth/me");
      if (me.unit_id !== null && me.unit_call_sign !== null) setUnit({ id: me.unit_id, call_sign: me.unit_call_sign });
      else setUnits((await allPages((cursor) =>
        read<Paged<Unit>>(cursor ? `/api/v1/units?cursor=${cursor}` : "/api/v1/units"))).items);
    })().catch((e: Error) => setError(e.message));
  }, []);
  const bind = async (id: number) => {
    const response = await fetch("/api/v1/auth/unit", {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${session.token ?? ""}` },
      body: JSON.stringify({ unit_id: id }),
    });
    if (!response.ok) return setError(((await response.json()) as { detail: string }).detail);
    setUnit(units.find((u) => u.id === id) ?? null);
  };
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!unit) {
    return (
      <main class="chart-app">
        <h1>Which unit is this tablet on?</h1>
        <p>A shared tablet charts only the records of the unit it signs in for.</p>
        <div class="unit-choice">
          {units.map((u) => <button key={u.id} onClick={() => void bind(u.id)}>{u.call_sign}</button>)}
        </div>
      </main>
    );
  }
  return <MyCharts unit={unit} />;
}

function MyCharts({ unit }: { unit: Unit }) {
  const [charts, setCharts] = useState<Summary[]>([]);
  const [open, setOpen] = useState<string | null>(sessionStorage.getItem("goldenhour.chart"));
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [transitions, setTransitions] = useState<Record<string, string[]>>({});
  const incident = assignment?.incident?.id ?? null;
  const [outbox, setOutbox] = useState<Entry[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const refresh = useCallback(async () => {
    setOutbox(await pending());
    try {
      const list = await read<{ items: Summary[] }>("/api/v1/pcrs?limit=200");
      setCharts(list.items.filter((r) => r.unit_id === unit.id));
      setAssignment(await read<Assignment>(`/api/v1/units/${unit.id}/assignment`));
      setTransitions(await read<Record<string, string[]>>("/api/v1/reference/unit-status-transitions"));
    } catch { /* offline with nothing kept yet: the outbox still shows what waits */ }
  }, [unit.id]);
  useEffect(() => {
    void flush(); // what a closed or reloaded page left waiting goes now, not at the next retry
    void refresh();
    const stop = onChange(() => void refresh());
    const status = () => setOnline(navigator.onLine);
    addEventListener("online", status); addEventListener("offline", status);
    return () => { stop(); removeEventListener("online", status); removeEventListener("offline", status); };
  }, [refresh]);
  const choose = (pcr: string | null) => {
    if (pcr) sessionStorage.setItem("goldenhour.chart", pcr); else sessionStorage.removeItem("goldenhour.chart");
    setOpen(pcr);
  };
  const start = async () => {
    if (incident === null) return;
    const key = newKey();
    await enqueue({ key, method: "POST", path: "/api/v1/pcrs", pcr: `local:${key}`,
      body: { incident_id: incident, unit_id: unit.id }, label: `new chart for incident ${incident}` });
    await flush();
    choose(`local:${key}`);
  };
  const waiting = outbox.filter((e) => !e.conflict);
  const conflicts = outbox.filter((e) => e.conflict);
  return (
    <main class="chart-app">
      <header class="chart-header">
        <h1>{unit.call_sign} charts</h1>
        <a href="/crew">Route, destination, advisories</a>
        <span class={online ? "online" : "offline"} role="status" aria-label="Connection">
          {online ? "online" : "offline"}{waiting.length > 0 ? ` · ${waiting.length} waiting to send` : " · all sent"}
        </span>
      </header>
      {conflicts.length > 0 && (
        <section class="conflicts" aria-label="Not applied">
          <h2>Not applied: check these</h2>
          <ul>{conflicts.map((e) => <li key={e.seq}>{e.label}: {e.conflict}</li>)}</ul>
        </section>
      )}
      {open ? (
        <Chart pcr={open} unit={unit} onClose={() => { choose(null); void refresh(); }} />
      ) : (
        <section aria-label="My charts">
          <UnitStatus unitId={unit.id} assignment={assignment} transitions={transitions} onChanged={() => void refresh()} />
          {incident !== null && (
            <button class="primary" id="start-chart" onClick={() => void start()}>
              New chart for incident {incident}
            </button>
          )}
          <ul class="chart-list">
            {charts.map((c) => (
              <li key={c.id}>
                <button onClick={() => choose(String(c.id))}>
                  Chart {c.id} · incident {c.incident_id} · <b>{c.status === "locked" ? "locked" : "open, unsigned"}</b>
                </button>
              </li>
            ))}
            {charts.length === 0 && <li>No chart for {unit.call_sign} yet.</li>}
          </ul>
        </section>
      )}
    </main>
  );
}
