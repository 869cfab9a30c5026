// One clock per page: a signal holding "now" that ticks once a second, read by every timer on
// the page (one interval, not one per timer), and elapsed-time formatting.
import { signal } from "@preact/signals";

export const now = signal(Date.now());
let ticking: ReturnType<typeof setInterval> | undefined;

export function startClock(periodMs = 1000): void {
  if (ticking === undefined) ticking = setInterval(() => (now.value = Date.now()), periodMs);
}

/** Seconds as m:ss under an hour, h:mm:ss after; negative (clock skew) reads as 0:00. */
export function elapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Seconds from an ISO time to `at` (ms since the epoch). */
export function secondsSince(iso: string, at: number): number {
  return (at - Date.parse(iso)) / 1000;
}

/** A travel time in whole minutes, as a dispatcher reads it. */
export function minutes(seconds: number | null | undefined): string {
  return seconds != null && Number.isFinite(seconds)
    ? `${Math.max(1, Math.round(seconds / 60))} min`
    : "no route";
}
