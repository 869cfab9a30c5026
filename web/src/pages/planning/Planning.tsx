// Base versus scenario: the form sends a city and a scenario ("remove A1; add A13@S3 BLS");
// the server simulates both on the same calls (common random numbers) with our dispatch
// rules and answers per priority: the 90th-fractile response, compliance and the mean, each
// with its 95 % interval over replications, and the paired difference. Two charts show the
// fractile and compliance per priority for both plans, with the intervals as error bars.
import { useState } from "preact/hooks";
import type { TopLevelSpec } from "vega-lite";
import { api, ok, type Schemas } from "../../api/client";
import { VegaChart } from "../../widgets/VegaChart";

type Result = Schemas["CompareRead"];
type Figure = Schemas["Figure"];
const CITIES = ["auckland", "edmonton", "manhattan", "utrecht"] as const;

function shown(f: Figure, scale: number, digits: number, signed = false): string {
  if (f.mean === null) return "-";
  const mean = (f.mean * scale).toFixed(digits);
  const sign = signed && f.mean > 0 ? "+" : "";
  return f.ci95 === null ? `${sign}${mean}` : `${sign}${mean} ± ${(f.ci95 * scale).toFixed(digits)}`;
}

/** A difference is shown as better or worse only when its interval excludes zero. */
function verdict(f: Figure, lowerIsBetter: boolean): string {
  if (f.mean === null || f.ci95 === null || Math.abs(f.mean) <= f.ci95) return "";
  return (f.mean < 0) === lowerIsBetter ? "better" : "worse";
}

function chart(result: Result, field: "p90_s" | "compliance", title: string, scale: number): TopLevelSpec {
  const values = result.priorities.flatMap((row) =>
    (["base", "scenario"] as const).map((plan) => {
      const f = row[plan][field];
      const mean = f.mean === null ? null : f.mean * scale;
      const half = f.ci95 === null ? 0 : f.ci95 * scale;
      return { priority: row.priority, plan: plan === "base" ? "base" : result.scenario,
        mean, low: mean === null ? null : mean - half, high: mean === null ? null : mean + half };
    }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title, width: 300, height: 180, data: { values },
    encoding: { x: { field: "priority", type: "nominal", title: null, sort: null },
      xOffset: { field: "plan" }, color: { field: "plan", title: null } },
    layer: [
      { mark: "bar", encoding: { y: { field: "mean", type: "quantitative", title: null } } },
      { mark: { type: "rule", color: "#222" },
        encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
    ],
  };
}

export function Planning() {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const run = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      setResult(await ok(api.POST("/api/v1/planning/compare", { body: {
        city: String(form.get("city")) as (typeof CITIES)[number],
        scenario: String(form.get("scenario")),
        days: Number(form.get("days")),
        replications: Number(form.get("replications")),
        seed: Number(form.get("seed")),
      } })));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="plan">
      <header><h1>Planning: base plan versus scenario</h1></header>
      <form aria-label="Scenario" onSubmit={(e) => void run(e)}>
        <label>City <select name="city">{CITIES.map((c) => <option key={c}>{c}</option>)}</select></label>
        <label>Scenario <textarea name="scenario" required maxLength={500}
          placeholder="one more: add A17@S3 BLS; move A2@S5; remove A4; shift A5=7-19; demand +10%" /></label>
        <label>Days per replication <input name="days" type="number" min="1.5" max="60" step="0.5" value="3" /></label>
        <label>Replications <input name="replications" type="number" min="2" max="30" value="4" /></label>
        <label>Seed <input name="seed" type="number" min="0" value="1" /></label>
        <button type="submit" disabled={busy}>{busy ? "Simulating…" : "Simulate both plans"}</button>
        <p class="error" role="alert">{error}</p>
      </form>
      <section class="results" aria-label="Comparison">
        {result === null ? (
          <p class="note">Both plans run on the same simulated calls, dispatched by this
            agency's triage protocol and recommendation rules. A difference is marked better or
            worse only when its 95 % interval excludes zero.</p>
        ) : (
          <>
            <h2>{result.city}: base versus {result.scenario}</h2>
            <div class="scroll">
            <table aria-label="Response by priority">
              <thead>
                <tr><th rowSpan={2}>Priority</th><th colSpan={3}>90th percentile (min)</th>
                  <th colSpan={3}>Compliance (%)</th></tr>
                <tr><th>base</th><th>{result.scenario}</th><th>difference</th>
                  <th>base</th><th>{result.scenario}</th><th>difference</th></tr>
              </thead>
              <tbody>
                {result.priorities.map((row) => (
                  <tr key={row.priority}>
                    <td>{row.priority}</td>
                    <td>{shown(row.base.p90_s, 1 / 60, 1)}</td>
                    <td>{shown(row.scenario.p90_s, 1 / 60, 1)}</td>
                    <td class={verdict(row.difference.p90_s, true)}>{shown(row.difference.p90_s, 1 / 60, 1, true)}</td>
                    <td>{shown(row.base.compliance, 100, 1)}</td>
                    <td>{shown(row.scenario.compliance, 100, 1)}</td>
                    <td class={verdict(row.difference.compliance, false)}>{shown(row.difference.compliance, 100, 1, true)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
            <p>Unit utilisation: base {shown(result.overall.base["utilisation.mean"], 100, 1)} %,
              {" "}{result.scenario} {shown(result.overall.scenario["utilisation.mean"], 100, 1)} %.
              Calls queued: base {shown(result.overall.base.queued_share, 100, 1)} %,
              {" "}{result.scenario} {shown(result.overall.scenario.queued_share, 100, 1)} %.
              {" "}{result.replications} replications of {result.days} days.</p>
            <div class="charts">
              <VegaChart spec={chart(result, "p90_s", "90th percentile response (min)", 1 / 60)}
                label="90th percentile response by priority" />
              <VegaChart spec={chart(result, "compliance", "Compliance with the target (%)", 100)}
                label="Compliance by priority" />
            </div>
          </>
        )}
      </section>
    </div>
  );
}
