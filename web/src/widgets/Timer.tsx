// Time since a moment, ticking with the page's one clock; past `overdueAfterS` it is marked
// overdue in words as well as colour. The text and attributes are bound to signals, so a tick
// updates the DOM of each timer without re-rendering any component (hundreds run at once). A
// timer scrolled out of view (a long unit list) stops following the clock and catches up when it
// is scrolled back, so a tick redraws the rows on screen, not all of them.
import { type Signal, useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { elapsed, now, secondsSince } from "../lib/clock";

export interface TimerProps {
  since: string;
  overdueAfterS?: number;
  label?: string;
}

export function Timer({ since, overdueAfterS, label }: TimerProps) {
  const element = useRef<HTMLTimeElement>(null);
  const visible = useSignal(true);
  const seen = useRef(now.peek());
  useEffect(() => (element.current ? watchInView(element.current, visible) : undefined), []);
  const seconds = useComputed(() => {
    if (visible.value) seen.current = now.value;  // out of view: now is not read, no tick reaches it
    return secondsSince(since, seen.current);
  });
  const overdue = useComputed(() => overdueAfterS !== undefined && seconds.value > overdueAfterS);
  const text = useComputed(() => elapsed(seconds.value) + (overdue.value ? " overdue" : ""));
  const name = useComputed(() => `${label ?? "elapsed"} ${elapsed(seconds.value)}${overdue.value ? ", overdue" : ""}`);
  const className = useComputed(() => (overdue.value ? "timer overdue" : "timer"));
  return (
    <time ref={element} class={className} dateTime={since} aria-label={name}>
      {text}
    </time>
  );
}

const watched = new WeakMap<Element, Signal<boolean>>();
let observer: IntersectionObserver | null = null;

/** Keeps `visible` true while the element is on screen (one observer for the page). */
function watchInView(element: Element, visible: Signal<boolean>): (() => void) | undefined {
  if (typeof IntersectionObserver === "undefined") return undefined;  // no observer: always ticks
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const signal = watched.get(entry.target);
      if (signal) signal.value = entry.isIntersecting;
    }
  });
  watched.set(element, visible);
  observer.observe(element);
  return () => {
    observer?.unobserve(element);
    watched.delete(element);
  };
}
