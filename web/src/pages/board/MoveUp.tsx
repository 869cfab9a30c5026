// Moving a unit up to cover an empty station: the empty stations first, then the free units
// nearest to the chosen one. Through the API; every board hears of it (UnitMovedUp).
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { words } from "../../lib/labels";
import { movable } from "./cover";
import type { BoardState } from "./state";

type Act = (what: string, job: () => Promise<unknown>) => Promise<void>;

export function MoveUp({ board, act, done }: { board: BoardState; act: Act; done: () => void }) {
  const empty = board.emptyStations.value;
  const stations = board.stations.value;
  const [station, setStation] = useState(empty[0] ?? stations[0]?.name ?? "");
  const at = stations.find((s) => s.name === station);
  const units = at ? movable(board.units.value, at) : [];
  return (
    <form class="cover" aria-label="Move a unit up" onSubmit={(e) => {
      e.preventDefault();
      const unitId = Number(new FormData(e.currentTarget).get("unit"));
      const unit = units.find((u) => u.unit_id === unitId);
      if (!unit) return;
      const home = unit.station === station;
      void act(home ? `${unit.call_sign} back at ${station}` : `${unit.call_sign} moved up to cover ${station}`,
        () => ok(api.POST("/api/v1/units/{unit_id}/post", {
          params: { path: { unit_id: unitId } }, body: { station: home ? null : station } }))).then(done);
    }}>
      <h3>Move a unit up</h3>
      <p>{empty.length ? `Empty: ${empty.join(", ")}` : "Every station has an available unit."}</p>
      <label>Station to cover <select name="station" value={station} autoFocus
        onChange={(e) => setStation(e.currentTarget.value)}>
        {stations.map((s) => <option key={s.id} value={s.name}>{s.name}{empty.includes(s.name) ? " (empty)" : ""}</option>)}
      </select></label>
      <label>Unit to move <select name="unit">
        {units.map((u) => <option key={u.unit_id} value={u.unit_id}>
          {u.call_sign} {u.level ?? ""}, {words(u.status)}, from {u.posted ?? u.station ?? "no station"}</option>)}
      </select></label>
      <button type="submit" class="primary" disabled={!units.length}>Move up</button>{" "}
      <button type="button" onClick={done}>Back</button>
    </form>
  );
}
