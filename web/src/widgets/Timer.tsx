// Time since a moment, ticking with the page's one clock; past `overdueAfterS` it is marked
// overdue in words as well as colour. The text and attributes are bound to signals, so a tick
// updates the DOM of each timer without re-rendering any component (hundreds run at once).
import { useComputed } from "@preact/signals";
import { elapsed, now, secondsSince } from "../lib/clock";

export interface TimerProps {
  since: string;
  overdueAfterS?: number;
  label?: string;
}

export function Timer({ since, overdueAfterS, label }: TimerProps) {
  const seconds = useComputed(() => secondsSince(since, now.value));
  const overdue = useComputed(() => overdueAfterS !== undefined && seconds.value > overdueAfterS);
  const text = useComputed(() => elapsed(seconds.value) + (overdue.value ? " overdue" : ""));
  const name = useComputed(() => `${label ?? "elapsed"} ${elapsed(seconds.value)}${overdue.value ? ", overdue" : ""}`);
  const className = useComputed(() => (overdue.value ? "timer overdue" : "timer"));
  return (
    <time class={className} dateTime={since} aria-label={name}>
      {text}
    </time>
  );
}
