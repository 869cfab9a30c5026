// The public-health officer's page: the queue of signals (live), the selected signal on the
// region map (its grid areas and covering circle, never a patient's place), its parameters,
// result and recommendation, its cases on request (an audited view), and what to do with it:
// dismiss with a reason, or draft an advisory and approve it.
import { useEffect, useMemo, useState } from "preact/hooks";
import { allPages, api, ok, type Schemas } from "../../api/client";
import { LiveStore } from "../../lib/store";
import { L } from "../../widgets/map";
import { RegionMap, type RegionMapHandle } from "../../widgets/RegionMap";
import { Advisories } from "./Advisories";
import { summary } from "./labels";
import { SignalPanel } from "./SignalPanel";

type Signal = Schemas["SignalRead"];

export function PublicHealth() {
  const store = useMemo(() => new LiveStore(), []);
  const queue = useMemo(
    () => store.resource(
      () => allPages((cursor) => ok(api.GET("/api/v1/surveillance/signals", { params: { query: { cursor } } }))),
      ["SignalRaised", "SignalDismissed", "AdvisoryDrafted"]),
    [store],
  );
  const [selected, setSelected] = useState<number | null>(null);
  const [map, setMap] = useState<RegionMapHandle | null>(null);
  const [error, setError] = useState("");
  const layer = useMemo(() => L.layerGroup(), []);
  useEffect(() => {
    void store.connect();
    void queue.refresh();
    return () => store.close();
  }, [store, queue]);
  const signals = queue.data.value?.items ?? [];
  const signal = signals.find((s) => s.id === selected) ?? null;
  useEffect(() => {
    if (!map) return;
    layer.clearLayers().addTo(map.map);
    for (const s of signals) drawSignal(layer, s, s.id === selected);
    if (signal) map.map.fitBounds(L.latLng(signal.center.lat, signal.center.lon)
      .toBounds(signal.radius_km * 2500));
  }, [map, signals, selected]);
  const runNow = async () => {
    setError("");
    try {
      await ok(api.POST("/api/v1/surveillance/runs"));
      await queue.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const done = async () => {
    setSelected(null);
    await queue.refresh();
  };
  return (
    <div class="ph">
      <header>
        <h1>Public health</h1>
        <span role="status" aria-label="Event stream">{store.connection.value}</span>
        <button type="button" onClick={() => void runNow()}>Run detectors now</button>
        <p class="error" role="alert">{error || queue.error.value}</p>
      </header>
      <section class="queue" aria-label="Signals">
        <h2>Open signals ({signals.length})</h2>
        <ul class="signals">
          {signals.map((s) => (
            <li key={s.id}>
              <button type="button" aria-current={s.id === selected} onClick={() => setSelected(s.id)}>
                <span class={`level level-${s.level}`}>{s.level}</span> #{s.id} {summary(s)}
              </button>
            </li>
          ))}
        </ul>
        <Advisories store={store} />
      </section>
      <RegionMap label="Map of signal areas" onReady={setMap} />
      <section class="panel" aria-label="Signal">
        {signal ? <SignalPanel key={signal.id} signal={signal} onDone={done} />
          : <p>Choose a signal to see its areas, parameters and recommendation.</p>}
      </section>
    </div>
  );
}

// Signal shapes are SVG above the canvas the roads are drawn on, one element per shape.
const shapes = L.svg();

function drawSignal(layer: L.LayerGroup, s: Signal, chosen: boolean): void {
  const color = s.level === "red" ? "#b3261e" : "#8a6d00";
  const weight = chosen ? 3 : 1;
  const renderer = shapes;
  for (const a of s.areas) {
    const dLat = a.half_km / 111.1;
    const dLon = dLat / Math.cos((a.lat * Math.PI) / 180);
    L.rectangle([[a.lat - dLat, a.lon - dLon], [a.lat + dLat, a.lon + dLon]],
      { color, weight, fillOpacity: chosen ? 0.35 : 0.15, renderer }).addTo(layer);
  }
  L.circle([s.center.lat, s.center.lon], { radius: s.radius_km * 1000, color, weight,
    fill: false, dashArray: "4 4", renderer }).addTo(layer);
}
