// The unit's status and its call, above its charts: the crew moves through the call (en route,
// on scene, transporting...) and charts it from the one app. A status goes to dispatch at once
// or not at all: with no connection it is refused on the screen (say it by radio), never
// queued, because a late status would tell dispatch something no longer true.
import { useState } from "preact/hooks";
import { session } from "../../lib/session";
import { words } from "../../lib/labels";
import { StatusButtons } from "../../widgets/StatusButtons";

export interface Assignment {
  status: string;
  incident: { id: number; address: string | null; dispatch_reason_name: string; priority: number } | null;
}

export function UnitStatus({ unitId, assignment, transitions, onChanged }: {
  unitId: number; assignment: Assignment | null; transitions: Record<string, string[]>; onChanged: () => void;
}) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  if (!assignment) return null;
  const choose = async (status: string) => {
    setBusy(true);
    try {
      const response = await fetch(`/api/v1/units/${unitId}/status`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${session.token ?? ""}` },
        body: JSON.stringify({ status }),
      });
      const answer = (await response.json().catch(() => ({}))) as { detail?: string };
      setError(response.ok ? "" : answer.detail ?? `HTTP ${response.status}`);
    } catch {
      setError("No connection: the status was not sent. Tell dispatch by radio.");
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const call = assignment.incident;
  return (
    <section class="section unit-status" aria-label="Unit status">
      <h2>Status: <span class="status">{words(assignment.status)}</span></h2>
      {call && <p>Incident {call.id} · {call.dispatch_reason_name} · {call.address ?? "no address"}</p>}
      <StatusButtons current={assignment.status} transitions={transitions} disabled={busy}
        onChoose={(status) => void choose(status)} />
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
