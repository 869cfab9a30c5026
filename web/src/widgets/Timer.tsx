// Time since a moment, ticking with the page's one clock; past `overdueAfterS` it is marked
// overdue in words as well as colour.
import { elapsed, now, secondsSince } from "../lib/clock";

export interface TimerProps {
  since: string;
  overdueAfterS?: number;
  label?: string;
}

export function Timer({ since, overdueAfterS, label }: TimerProps) {
  const seconds = secondsSince(since, now.value);
  const overdue = overdueAfterS !== undefined && seconds > overdueAfterS;
  return (
    <time
      class={overdue ? "timer overdue" : "timer"}
      dateTime={since}
      aria-label={`${label ?? "elapsed"} ${elapsed(seconds)}${overdue ? ", overdue" : ""}`}
    >
      {elapsed(seconds)}
      {overdue && <span class="flag"> overdue</span>}
    </time>
  );
}
