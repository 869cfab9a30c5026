// The dispatch board (being rebuilt on the shared front end; /board still serves the older page).
import { useEffect, useMemo } from "preact/hooks";
import { api, ok } from "../../api/client";
import { byName } from "../../lib/labels";
import { LiveStore } from "../../lib/store";
import { RegionMap } from "../../widgets/RegionMap";
import { UnitBadge } from "../../widgets/UnitBadge";

export function Board() {
  const store = useMemo(() => {
    const s = new LiveStore();
    s.connect();
    return s;
  }, []);
  const positions = useMemo(
    () => store.resource(() => ok(api.GET("/api/v1/units/positions")), ["UnitStatusChanged", "UnitPositionsUpdated"]),
    [store],
  );
  useEffect(() => {
    void positions.refresh();
    return () => store.close();
  }, [store, positions]);
  const units = [...(positions.data.value?.items ?? [])].sort(byName((u) => u.call_sign));
  return (
    <div class="board">
      <header>
        <h1>GoldenHour dispatch</h1>
        <span role="status" aria-label="Event stream">{store.connection.value}</span>
      </header>
      <RegionMap label="Map of units, incidents and facilities" onReady={() => undefined} />
      <ul aria-label="Units">
        {units.map((u) => (
          <li key={u.unit_id}><UnitBadge callSign={u.call_sign} status={u.status} /></li>
        ))}
      </ul>
    </div>
  );
}
