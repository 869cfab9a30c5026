// Crew advisories from public health ("suspected fentanyl batch in Zone 3: carry naloxone"),
// live on the board with the units that acknowledged each; impossible to miss, text only.
import type { BoardState } from "./state";

export function CrewAdvisories({ board }: { board: BoardState }) {
  const shown = (board.advisories.data.value?.items ?? []).filter((a) => a.msg_type !== "Cancel");
  if (!shown.length) return null;
  const names = new Map(board.units.value.map((u) => [u.unit_id, u.call_sign]));
  return (
    <section class="crew-advisories" aria-label="Crew advisories" aria-live="assertive">
      {shown.map((a) => {
        const acked = a.acknowledged_by_units.map((id) => names.get(id) ?? `#${id}`);
        return (
          <article key={a.id} class="crew-advisory" aria-label={`Crew advisory: ${a.headline}`}>
            <strong>{a.headline}</strong>
            <p>{a.instruction}</p>
            <p class="muted">Area: {a.area} · {acked.length ? `Acknowledged by ${acked.join(", ")}` : "Not acknowledged yet"}</p>
          </article>
        );
      })}
    </section>
  );
}
