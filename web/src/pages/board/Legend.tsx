// The keyboard legend, always on screen: every action has a key.

export const KEYS: [string, string][] = [
  ["N", "new call"], ["1–9", "open call by its key"], ["G", "go to call #"], ["A", "assign recommended"],
  ["I", "intercept pair"], ["D", "divert"], ["T", "re-triage"], ["C", "cancel call"], ["E", "note"],
  ["M", "move up"], ["K", "acknowledge alert"], ["S", "sound"], ["Ctrl+Enter", "create call"], ["Esc", "close"],
];

export function Legend() {
  return (
    <footer class="legend" aria-label="Keyboard shortcuts">
      {KEYS.map(([key, what]) => <span key={key}><kbd>{key}</kbd> {what}</span>)}
    </footer>
  );
}
