// The quality page: how fast the service reached people over a period, by zone, priority,
// unit, shift or month. Every figure is the nearest-rank fractile with its compliance and n,
// exactly as the PDF report and `goldenhour quality response-times` give them.
import { useEffect, useState } from "preact/hooks";
import { ApiError, api, ok } from "../../api/client";
import { VegaChart } from "../../widgets/VegaChart";

type Summary = {
  n: number;
  fractile: number;
  fractile_s: number | null;
  compliance: number | null;
  target_s: number | null;
};
type Excluded = { n: number; by_reason: Record<string, number> };
type Report = {
  standard: string;
  unit: string;
  incidents: number;
  responses: number;
  intervals: Record<string, Summary>;
  excluded: Record<string, Excluded>;
  by?: { group: Record<string, string>; intervals: Record<string, Summary> }[];
};

const INTERVALS: Record<string, string> = {
  call_processing: "Call processing",
  turnout: "Turnout",
  travel: "Travel",
  response: "Response",
};
const GROUPS = ["month", "zone", "priority", "unit", "shift"];

function clock(seconds: number | null): string {
  if (seconds === null) return "–";
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function share(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)} %`;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function defaultPeriod(): { start: string; end: string } {
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const yearAgo = new Date(today.getFullYear() - 1, today.getMonth(), 1);
  return { start: params.get("start") ?? isoDay(yearAgo), end: params.get("end") ?? isoDay(today) };
}

export function Quality() {
  const initial = defaultPeriod();
  const params = new URLSearchParams(location.search);
  const [start, setStart] = useState(initial.start);
  const [end, setEnd] = useState(initial.end);
  const [by, setBy] = useState(params.get("by") ?? "month");
  const [interval, setInterval] = useState(params.get("interval") ?? "response");
  const [timezone] = useState(params.get("timezone") ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [data, setData] = useState<{ report: Report; charts: Record<string, unknown> } | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let current = true;
    setError("");
    ok(
      api.GET("/api/v1/quality/response-times", {
        params: { query: { start, end, by, interval, timezone } },
      }),
    )
      .then((answer) => current && setData(answer as { report: Report; charts: Record<string, unknown> }))
      .catch((e: unknown) => current && setError(e instanceof ApiError ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [start, end, by, interval, timezone]);

  const report = data?.report;
  return (
    <main class="quality">
      <header>
        <h1>Response-time quality</h1>
        <form class="controls" aria-label="Report settings" onSubmit={(e) => e.preventDefault()}>
          <label>
            From <input type="date" value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          </label>
          <label>
            To <input type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
          </label>
          <label>
            By{" "}
            <select value={by} onChange={(e) => setBy(e.currentTarget.value)}>
              {GROUPS.map((g) => <option key={g} value={g}>{g}</option>)}
            </select>
          </label>
          <label>
            Chart{" "}
            <select value={interval} onChange={(e) => setInterval(e.currentTarget.value)}>
              {Object.entries(INTERVALS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
        </form>
      </header>
      <p class="error" role="alert">{error}</p>
      {report && (
        <>
          <p class="context">
            {report.incidents} incidents, {report.responses} unit responses, measured for the{" "}
            {report.unit}; standard {report.standard}; times in {timezone}.
          </p>
          <div class="scroll">
          <table aria-label="Intervals">
            <thead>
              <tr><th>Interval</th><th>n</th><th>Fractile</th><th>Target</th><th>Compliance</th><th>Excluded</th></tr>
            </thead>
            <tbody>
              {Object.entries(report.intervals).map(([name, s]) => (
                <tr key={name}>
                  <th scope="row">{INTERVALS[name] ?? name}</th>
                  <td>{s.n}</td>
                  <td>{clock(s.fractile_s)} <small>@{s.fractile}</small></td>
                  <td>{clock(s.target_s)}</td>
                  <td class={s.compliance !== null && s.compliance < s.fractile / 100 ? "missed" : ""}>
                    {share(s.compliance)}
                  </td>
                  <td title={Object.entries(report.excluded[name]?.by_reason ?? {}).map(([r, n]) => `${r}: ${n}`).join("\n")}>
                    {report.excluded[name]?.n ?? 0}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <section class="charts" aria-label="Charts">
            <VegaChart spec={data.charts.cascade} label="Cascade of intervals at their fractiles" />
            <VegaChart spec={data.charts.histogram} label={`${INTERVALS[interval]} histogram`} />
            <VegaChart spec={data.charts.fractile_curve} label={`${INTERVALS[interval]} fractile curve`} />
          </section>
          <GroupTable report={report} by={by} />
        </>
      )}
    </main>
  );
}

function GroupTable({ report, by }: { report: Report; by: string }) {
  const groups = report.by ?? [];
  return (
    <div class="scroll">
    <table aria-label={`By ${by}`}>
      <thead>
        <tr>
          <th>{by}</th>
          {Object.keys(INTERVALS).map((k) => <th key={k} colSpan={3}>{INTERVALS[k]}</th>)}
        </tr>
        <tr>
          <th />
          {Object.keys(INTERVALS).map((k) => [<th key={`${k}n`}>n</th>, <th key={`${k}f`}>fractile</th>, <th key={`${k}c`}>compl.</th>])}
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.group[by]}>
            <th scope="row">{g.group[by] || "(none)"}</th>
            {Object.keys(INTERVALS).map((k) => {
              const s = g.intervals[k];
              return [
                <td key={`${k}n`}>{s?.n ?? 0}</td>,
                <td key={`${k}f`}>{clock(s?.fractile_s ?? null)}</td>,
                <td key={`${k}c`}>{share(s?.compliance ?? null)}</td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
