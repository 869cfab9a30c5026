// The calls on the board, most urgent first then the longest waiting, with their number key,
// elapsed time and the units on each.
import { words } from "../../lib/labels";
import { PriorityChip } from "../../widgets/PriorityChip";
import { Timer } from "../../widgets/Timer";
import type { BoardState } from "./state";
import { whereText } from "./queue";

/** A call waiting this long for a first unit is overdue (seconds), by priority. */
const WAIT_LIMIT_S: Record<number, number> = { 1: 60, 2: 120, 3: 600, 4: 1800, 5: 3600 };

export function Queue({ board, onOpen }: { board: BoardState; onOpen: (id: number) => void }) {
  const keys = board.keys.value;
  const calls = board.queue.value;
  return (
    <section class="queue" aria-labelledby="h-queue">
      <h2 id="h-queue">Calls <span class="count">{calls.length}</span></h2>
      <div class="scroll">
        <table aria-labelledby="h-queue">
          <thead><tr><th>Key</th><th>Pri</th><th>Call</th><th>Type / address</th><th>Waiting</th><th>Units</th></tr></thead>
          <tbody>
            {calls.length === 0 && <tr><td colSpan={6}>No open call.</td></tr>}
            {calls.map((c) => {
              const on = board.unitsOn.value.get(c.id) ?? [];
              const key = keys.get(c.id);
              return (
                <tr key={c.id} data-incident={c.id} aria-selected={board.selected.value === c.id}
                  class={`${c.status}${board.selected.value === c.id ? " selected" : ""}`}>
                  <td>{key ? <kbd aria-label={`key ${key}`}>{key}</kbd> : <kbd class="jump" title={`G then ${c.id}`} aria-label={`G then ${c.id}`}>G</kbd>}</td>
                  <td><PriorityChip priority={c.priority} /></td>
                  <td><button type="button" class="link" onClick={() => onOpen(c.id)}
                    aria-label={`Open call ${c.id}`}>#{c.id}</button></td>
                  <td class="what" title={`${c.dispatch_reason_name}, ${c.address ?? ""}`}>{c.dispatch_reason_name}<br /><span class="muted">{whereText(c)}</span></td>
                  <td><Timer since={c.received_at} label={`call ${c.id} waiting`}
                    overdueAfterS={on.length ? undefined : WAIT_LIMIT_S[c.priority]} /></td>
                  <td class="on" title={on.map((u) => `${u.call_sign} ${words(u.status)}`).join(", ")}>{on.length ? on.map((u) => u.call_sign).join(" ")
                    : <span class="pending">{words(c.status)}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
