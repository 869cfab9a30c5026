// One signal: what the detector found, with its parameters and recommendation; its cases on
// request (incident ids, times, criteria: an audited view, no names); dismiss with a reason or
// draft an advisory.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { DraftForm } from "./DraftForm";
import { DETECTORS, definitionName } from "./labels";

type Signal = Schemas["SignalRead"];

export function SignalPanel({ signal, onDone }: { signal: Signal; onDone: () => Promise<void> }) {
  const [cases, setCases] = useState<Schemas["CaseRead"][] | null>(null);
  const [error, setError] = useState("");
  const showCases = async () => {
    try {
      const detail = await ok(api.GET("/api/v1/surveillance/signals/{signal_id}",
        { params: { path: { signal_id: signal.id } } }));
      setCases(detail.cases ?? []);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const dismiss = async (event: SubmitEvent) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget as HTMLFormElement).get("reason"));
    try {
      await ok(api.POST("/api/v1/surveillance/signals/{signal_id}/dismiss",
        { params: { path: { signal_id: signal.id } }, body: { reason } }));
      await onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <article aria-label={`Signal ${signal.id}`}>
      <h2><span class={`level level-${signal.level}`}>{signal.level}</span> Signal #{signal.id}:{" "}
        {definitionName(signal.definition)}</h2>
      <dl>
        <dt>Detector</dt><dd>{DETECTORS[signal.detector] ?? signal.detector}</dd>
        <dt>Window</dt><dd>{new Date(signal.start).toLocaleString()} to {new Date(signal.end).toLocaleString()}</dd>
        <dt>Observed</dt><dd>{signal.observed}</dd>
        <dt>Expected</dt><dd>{signal.expected === null ? "-" : signal.expected.toFixed(2)}</dd>
        <dt>p</dt><dd>{signal.p === null ? "-" : signal.p.toPrecision(3)}</dd>
        <dt>Areas</dt><dd>{signal.areas.length} grid cell(s), within {signal.radius_km.toFixed(1)} km</dd>
        <dt>Parameters</dt><dd><code>{JSON.stringify(signal.parameters)}</code></dd>
      </dl>
      <p><strong>Recommendation:</strong> {signal.recommendation}</p>
      {cases === null ? (
        <button type="button" onClick={() => void showCases()}>Show the cases (recorded in the audit log)</button>
      ) : (
        <table aria-label="Cases">
          <thead><tr><th>Incident</th><th>Time</th><th>Why</th></tr></thead>
          <tbody>
            {cases.map((c, i) => (
              <tr key={i}><td>{c.incident_id ?? "-"}</td><td>{new Date(c.at).toLocaleString()}</td>
                <td>{c.criteria.join("; ")}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <form aria-label="Dismiss" onSubmit={(e) => void dismiss(e)}>
        <label>Dismiss because <input name="reason" required maxLength={2000} /></label>
        <button type="submit">Dismiss the signal</button>
      </form>
      <DraftForm signal={signal} onDrafted={onDone} />
      <p class="error" role="alert">{error}</p>
    </article>
  );
}
