// Every unit at a glance: level, station, status and time in it (overdue in words and colour
// past the console's limit), and whether its position is live. Names sort as people count.
import { memo } from "preact/compat";
import { words } from "../../lib/labels";
import { Timer } from "../../widgets/Timer";
import type { BoardState, BoardUnit } from "./state";

function position(u: BoardUnit): string {
  if (u.lat == null) return "no position";
  return u.stale ? "stale" : "live";
}

/** Memoised: the board's own re-renders never reach the 300 rows. */
export const UnitsBoard = memo(function UnitsBoard({ board }: { board: BoardState }) {
  const units = board.units.value;
  const limits = board.alertLimits.value?.status_limits_s ?? {};
  const available = units.filter((u) => u.status === "available").length;
  return (
    <section class="units" aria-labelledby="h-units">
      <h2 id="h-units">Units <span class="count">{available} of {units.length} available</span></h2>
      <div class="scroll">
        <table aria-labelledby="h-units">
          <thead><tr><th>Unit</th><th>Level</th><th>Station</th><th>Status</th><th>In status</th><th>Position</th></tr></thead>
          <tbody>
            {units.map((u) => (
              <UnitRow key={u.unit_id} unit={u} selected={board.selectedUnit.value === u.unit_id} limit={limits[u.status]}
                onSelect={() => (board.selectedUnit.value = u.unit_id)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});

// Positions arrive several times a second; a row is redrawn only when what it shows changed.
const SHOWN: (keyof BoardUnit)[] = ["call_sign", "level", "station", "posted", "status", "status_at", "incident_id", "stale"];

const UnitRow = memo(function UnitRow({ unit: u, selected, limit, onSelect }: {
  unit: BoardUnit; selected: boolean; limit: number | undefined; onSelect: () => void;
}) {
  return (
    <tr data-unit={u.unit_id} class={`status-${u.status}${u.stale ? " stale" : ""}${selected ? " selected" : ""}`}>
      <th scope="row"><button type="button" class="link" aria-label={`Show unit ${u.call_sign}`}
        onClick={onSelect}>{u.call_sign}</button></th>
      <td>{u.level ?? "not staffed"}</td>
      <td>{u.posted ? <>covering {u.posted}<span class="muted"> (of {u.station ?? "none"})</span></> : u.station ?? ""}</td>
      <td class="status">{words(u.status)}{u.incident_id != null && ` #${u.incident_id}`}</td>
      <td>{u.status_at && <Timer since={u.status_at} label={`${u.call_sign} ${words(u.status)}`}
        overdueAfterS={limit} />}</td>
      <td class={u.stale ? "stale" : ""}>{position(u)}</td>
    </tr>
  );
}, (a, b) => a.selected === b.selected && a.limit === b.limit && (a.unit.lat == null) === (b.unit.lat == null)
  && SHOWN.every((k) => a.unit[k] === b.unit[k]));
