// The statuses a unit may move to next (from the API's timeline), one button each.
import { words } from "../lib/labels";

export interface StatusButtonsProps {
  current: string;
  transitions: Record<string, string[]>;
  onChoose: (status: string) => void;
  disabled?: boolean;
}

export function StatusButtons({ current, transitions, onChoose, disabled }: StatusButtonsProps) {
  const next = transitions[current] ?? [];
  return (
    <div class="status-buttons" role="group" aria-label={`Next status after ${words(current)}`}>
      {next.map((status) => (
        <button type="button" key={status} disabled={disabled} onClick={() => onChoose(status)}>
          {words(status)}
        </button>
      ))}
    </div>
  );
}
