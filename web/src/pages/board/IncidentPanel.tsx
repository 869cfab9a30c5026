// One call, and acting on the advice: assign the recommendation with one key, send the
// intercept pair, divert a unit from a less urgent call, re-triage, cancel with a reason.
// Every action goes through the API; the board redraws from the events it causes.
import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { minutes } from "../../lib/clock";
import { words } from "../../lib/labels";
import { PriorityChip } from "../../widgets/PriorityChip";
import { Timer } from "../../widgets/Timer";
import { Notes } from "./Notes";
import { Retriage } from "./Retriage";
import type { BoardState, Incident } from "./state";
import { whereText } from "./queue";

type Advice = Schemas["RecommendationRead"];
export type Mode = "view" | "cancel" | "retriage" | "divert" | "note" | "moveup" | "jump";

/** The units the recommendation suggests, as assignments (role, unit). */
export function suggested(advice: Advice | null): Assignment[] {
  return advice?.suggestions.map((s) => ({ role: s.role, unit_id: s.unit_id, call_sign: s.call_sign })) ?? [];
}

/** The intercept pair of the first role that has one: the unit to send now and the one to meet. */
export function interceptPair(advice: Advice | null) {
  for (const role of advice?.roles ?? []) {
    const now = role.intercept?.send_now[0];
    const meet = role.intercept?.to_meet[0];
    if (role.intercept && now && meet) {
      return { reason: role.intercept.reason, pair: [
        { role: String(role.role.name), unit_id: now.unit_id, call_sign: now.call_sign },
        { role: "intercept", unit_id: meet.unit_id, call_sign: meet.call_sign },
      ] };
    }
  }
  return null;
}

export type Assignment = { role: string; unit_id: number; call_sign: string };

/** Sends each unit to the call in turn (divert: take it off a less urgent call). */
export function assignUnits(id: number, list: Assignment[], divert = false): () => Promise<void> {
  return async () => {
    for (const a of list) {
      await ok(api.POST("/api/v1/incidents/{incident_id}/assignments", {
        params: { path: { incident_id: id } }, body: { unit_id: a.unit_id, role: a.role || null, divert } }));
    }
  };
}

export function IncidentPanel({ board, id, mode, setMode, advice, setAdvice, act }: {
  board: BoardState;
  id: number;
  mode: Mode;
  setMode: (m: Mode) => void;
  advice: Advice | null;
  setAdvice: (a: Advice | null) => void;
  act: (what: string, job: () => Promise<unknown>) => Promise<void>;
}) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const listed = board.queue.value.find((i) => i.id === id);
  const version = `${listed?.status}|${listed?.priority}|${(board.unitsOn.value.get(id) ?? []).map((u) => u.status).join()}`;
  useEffect(() => {
    let stale = false;
    Promise.all([
      ok(api.GET("/api/v1/incidents/{incident_id}", { params: { path: { incident_id: id } } })),
      ok(api.GET("/api/v1/incidents/{incident_id}/recommendations", { params: { path: { incident_id: id } } })),
    ]).then(([i, a]) => { if (!stale) { setIncident(i); setAdvice(a); } })
      .catch(() => undefined);
    return () => { stale = true; };
  }, [id, version]);

  if (!incident) return <section class="incident" aria-label={`Call ${id}`}><h2>Call #{id}</h2><p>Loading…</p></section>;
  const live = incident.status === "open" || incident.status === "pending";
  const on = board.unitsOn.value.get(id) ?? [];
  const assign = (list: Assignment[], divert = false) =>
    act(`Assigned ${list.map((a) => a.call_sign).join(" and ")} to call #${id}`, assignUnits(id, list, divert));
  const pair = interceptPair(advice);
  const plan = suggested(advice);
  return (
    <section class="incident" aria-labelledby="h-incident">
      <h2 id="h-incident">Call #{incident.id} <PriorityChip priority={incident.priority} /></h2>
      <p><strong>{incident.dispatch_reason_name}</strong> · needs {incident.level} · {words(incident.mode)}
        · {words(incident.status)} · <Timer since={incident.received_at} label="since the call" /></p>
      <p>{whereText(incident, 5)}
        {incident.callback && <> · callback {incident.callback}</>}{incident.complaint && <> · {incident.complaint}</>}</p>
      {(incident.flags ?? []).length > 0 && (
        <ul class="flags" aria-label="What is uncertain about this call">
          {(incident.flags ?? []).map((f) => <li key={f.flag} data-flag={f.flag}>{f.detail}</li>)}
        </ul>
      )}
      <p class="why">{incident.rule}</p>
      <p>On the call: {on.length ? on.map((u) => `${u.call_sign} (${words(u.status)})`).join(", ") : "no unit"}</p>
      {live && (mode === "view" || mode === "note") && (
        <>
          <h3>Recommended</h3>
          {plan.length > 0 ? (
            <button type="button" class="primary" onClick={() => assign(plan)}>
              Assign {plan.map((p) => `${p.call_sign} (${words(p.role)})`).join(" + ")} <kbd>A</kbd>
            </button>
          ) : <p>{advice?.unfilled.length ? `No fitting unit for ${advice.unfilled.map(words).join(", ")}` : "Nothing more to send."}</p>}
          {pair && (
            <p>{pair.reason}{" "}
              <button type="button" onClick={() => assign(pair.pair)}>
                Send intercept pair {pair.pair.map((p) => p.call_sign).join(" + ")} <kbd>I</kbd>
              </button>
            </p>
          )}
          {advice?.roles.map((role) => (
            <details key={String(role.role.name)}>
              <summary>{words(String(role.role.name))}: {role.candidates.length} units</summary>
              <ul class="candidates">
                {role.candidates.slice(0, 5).map((c) => (
                  <li key={c.unit_id}>
                    <button type="button" onClick={() => assign([{ role: String(role.role.name), unit_id: c.unit_id, call_sign: c.call_sign }])}>
                      Assign {c.call_sign}</button> {c.level} · {minutes(c.eta_s)}
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <div class="actions" role="group" aria-label="Call actions">
            <button type="button" onClick={() => setMode("divert")}>Divert a unit <kbd>D</kbd></button>
            <button type="button" onClick={() => setMode("retriage")}>Re-triage <kbd>T</kbd></button>
            <button type="button" onClick={() => setMode("cancel")}>Cancel call <kbd>C</kbd></button>
            <button type="button" onClick={() => setMode("note")}>Write a note <kbd>E</kbd></button>
          </div>
        </>
      )}
      {live && mode === "cancel" && <CancelForm id={id} act={act} done={() => setMode("view")} />}
      {live && mode === "retriage" && <Retriage board={board} incident={incident} act={act} done={() => setMode("view")} />}
      {live && mode === "divert" && <DivertForm board={board} incident={incident} onDivert={(u) => assign([u], true)} done={() => setMode("view")} />}
      <Notes board={board} id={id} act={act} writing={mode === "note"} setWriting={(on) => setMode(on ? "note" : "view")} />
    </section>
  );
}

function CancelForm({ id, act, done }: { id: number; act: (what: string, job: () => Promise<unknown>) => Promise<void>; done: () => void }) {
  return (
    <form aria-label="Cancel the call" onSubmit={(e) => {
      e.preventDefault();
      const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
      void act(`Cancelled call #${id}`, () => ok(api.POST("/api/v1/incidents/{incident_id}/cancel", {
        params: { path: { incident_id: id } }, body: { reason } }))).then(done);
    }}>
      <label>Reason for cancelling <input name="reason" required autoFocus maxLength={200} /></label>
      <button type="submit">Cancel the call</button> <button type="button" onClick={done}>Back</button>
    </form>
  );
}

function DivertForm({ board, incident, onDivert, done }: {
  board: BoardState; incident: Incident;
  onDivert: (u: Assignment) => Promise<void>; done: () => void;
}) {
  const priorities = new Map(board.queue.value.map((c) => [c.id, c.priority]));
  const divertable = board.units.value.filter((u) => (u.status === "dispatched" || u.status === "en_route")
    && u.incident_id != null && u.incident_id !== incident.id && (priorities.get(u.incident_id) ?? 0) > incident.priority);
  return (
    <form aria-label="Divert a unit" onSubmit={(e) => {
      e.preventDefault();
      const unit = divertable.find((u) => u.unit_id === Number(new FormData(e.currentTarget).get("unit")));
      if (unit) void onDivert({ role: "", unit_id: unit.unit_id, call_sign: unit.call_sign }).then(done);
    }}>
      {divertable.length === 0 ? <p>No unit is responding to a less urgent call.</p> : (
        <label>Unit to divert <select name="unit" autoFocus>
          {divertable.map((u) => <option key={u.unit_id} value={u.unit_id}>
            {u.call_sign} {u.level ?? ""}, {words(u.status)} to #{u.incident_id} (P{priorities.get(u.incident_id!)})</option>)}
        </select></label>
      )}
      <button type="submit" disabled={!divertable.length}>Divert to call #{incident.id}</button>{" "}
      <button type="button" onClick={done}>Back</button>
    </form>
  );
}
