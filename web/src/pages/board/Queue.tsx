// The calls on the board, most urgent first then the longest waiting, with their number key,
// elapsed time and the units on each. Rows are memoised on what they show, so selecting a call
// or a unit moving redraws the rows that changed, not the hundred others.
import { memo } from "preact/compat";
import { words } from "../../lib/labels";
import { PriorityChip } from "../../widgets/PriorityChip";
import { Timer } from "../../widgets/Timer";
import type { BoardState, Incident } from "./state";
import { whereText } from "./queue";

/** A call waiting this long for a first unit is overdue (seconds), by priority. */
const WAIT_LIMIT_S: Record<number, number> = { 1: 60, 2: 120, 3: 600, 4: 1800, 5: 3600 };

export const Queue = memo(function Queue({ board, onOpen }: { board: BoardState; onOpen: (id: number) => void }) {
  const keys = board.keys.value;
  const calls = board.queue.value;
  const unitsOn = board.unitsOn.value;
  const selected = board.selected.value;
  return (
    <section class="queue" aria-labelledby="h-queue">
      <h2 id="h-queue">Calls <span class="count">{calls.length}</span></h2>
      <div class="scroll">
        <table aria-labelledby="h-queue">
          <thead><tr><th>Key</th><th>Pri</th><th>Call</th><th>Type / address</th><th>Waiting</th><th>Units</th></tr></thead>
          <tbody>
            {calls.length === 0 && <tr><td colSpan={6}>No open call.</td></tr>}
            {calls.map((c) => {
              const on = unitsOn.get(c.id) ?? [];
              return (
                <CallRow key={c.id} call={c} numberKey={keys.get(c.id)} selected={selected === c.id} onOpen={onOpen}
                  units={on.map((u) => u.call_sign).join(" ")}
                  unitsTitle={on.map((u) => `${u.call_sign} ${words(u.status)}`).join(", ")} />
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
});

interface CallRowProps {
  call: Incident;
  numberKey: number | undefined;
  selected: boolean;
  units: string;
  unitsTitle: string;
  onOpen: (id: number) => void;
}

// A re-read of the calls gives new objects: a row is redrawn only when what it shows changed.
const SHOWN: (keyof Incident)[] = ["id", "priority", "status", "received_at", "dispatch_reason_name", "address", "lat", "lon"];

const CallRow = memo(function CallRow({ call: c, numberKey: key, selected, units, unitsTitle, onOpen }: CallRowProps) {
  return (
    <tr data-incident={c.id} aria-selected={selected} class={`${c.status}${selected ? " selected" : ""}`}>
      <td>{key ? <kbd aria-label={`key ${key}`}>{key}</kbd> : <kbd class="jump" title={`G then ${c.id}`} aria-label={`G then ${c.id}`}>G</kbd>}</td>
      <td><PriorityChip priority={c.priority} /></td>
      <td><button type="button" class="link" onClick={() => onOpen(c.id)}
        aria-label={`Open call ${c.id}`}>#{c.id}</button></td>
      <td class="what" title={`${c.dispatch_reason_name}, ${c.address ?? ""}`}>{c.dispatch_reason_name}<br /><span class="muted">{whereText(c)}</span></td>
      <td><Timer since={c.received_at} label={`call ${c.id} waiting`}
        overdueAfterS={units ? undefined : WAIT_LIMIT_S[c.priority]} /></td>
      <td class="on" title={unitsTitle}>{units || <span class="pending">{words(c.status)}</span>}</td>
    </tr>
  );
}, (a, b) => a.numberKey === b.numberKey && a.selected === b.selected && a.units === b.units
  && a.unitsTitle === b.unitsTitle && a.onOpen === b.onOpen && SHOWN.every((k) => a.call[k] === b.call[k]));
