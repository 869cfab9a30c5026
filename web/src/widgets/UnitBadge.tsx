// A unit as a dispatcher names it: call sign, level of care and, when given, its status.
import { words } from "../lib/labels";

export interface UnitBadgeProps {
  callSign: string;
  level?: string | null;
  status?: string | null;
}

export function UnitBadge({ callSign, level, status }: UnitBadgeProps) {
  return (
    <span class={`unit-badge status-${status ?? "unknown"}`}>
      <strong>{callSign}</strong>
      {level !== undefined && <span class="level"> {level ?? "not staffed"}</span>}
      {status && <span class="status"> · {words(status)}</span>}
    </span>
  );
}
