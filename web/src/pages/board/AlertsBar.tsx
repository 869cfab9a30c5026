// The alerts banner: each alert in words with its own Acknowledge button, the oldest first;
// the sound can be muted for this console, the banner cannot.
import type { AlertCenter } from "./alerts";

export function AlertsBar({ alerts }: { alerts: AlertCenter }) {
  const open = alerts.open.value;
  return (
    <section class={open.length ? "alerts active" : "alerts"} aria-label="Alerts">
      <button type="button" aria-pressed={alerts.muted.value} onClick={() => alerts.toggleMuted()}>
        {alerts.muted.value ? "Sound off" : "Sound on"} <kbd>S</kbd>
      </button>
      {open.length === 0 ? <span class="muted">No alert.</span> : (
        <ul role="log" aria-live="assertive">
          {open.slice(0, 4).map((a) => (
            <li key={a.key} class={`alert alert-${a.kind}`}>
              {a.text}{" "}
              <button type="button" onClick={() => alerts.acknowledge(a.key)} aria-label={`Acknowledge: ${a.text}`}>
                Acknowledge
              </button>
            </li>
          ))}
          {open.length > 4 && <li>and {open.length - 4} more</li>}
        </ul>
      )}
      {open.length > 0 && <span class="hint"><kbd>K</kbd> acknowledges the oldest</span>}
    </section>
  );
}
