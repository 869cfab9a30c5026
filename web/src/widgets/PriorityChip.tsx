// A call's priority: the number is in the text ("P1"), colour only repeats it.

export function PriorityChip({ priority }: { priority: number }) {
  return (
    <span class={`chip priority priority-${priority}`} aria-label={`Priority ${priority}`}>
      P{priority}
    </span>
  );
}
