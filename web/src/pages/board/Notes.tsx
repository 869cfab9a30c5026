// A call's notes, oldest first, each with its author and time; adding one goes through the API
// and every open board re-reads the call's notes when it hears of it. Shown as text only.
import { useEffect, useRef, useState } from "preact/hooks";
import { allPages, api, ok, type Schemas } from "../../api/client";
import type { BoardState } from "./state";

type Note = Schemas["NoteRead"];
type Act = (what: string, job: () => Promise<unknown>) => Promise<void>;

export function Notes({ board, id, act, writing, setWriting }: {
  board: BoardState; id: number; act: Act; writing: boolean; setWriting: (on: boolean) => void;
}) {
  const [notes, setNotes] = useState<Note[]>([]);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    let stale = false;
    const read = () => allPages((cursor) =>
      ok(api.GET("/api/v1/incidents/{incident_id}/notes", { params: { path: { incident_id: id }, query: { cursor } } })))
      .then((page) => { if (!stale) setNotes(page.items); }).catch(() => undefined);
    void read();
    const off = board.store.on("IncidentNoteAdded", (e) => { if (e.payload.incident_id === id) void read(); });
    return () => { stale = true; off(); };
  }, [board, id]);
  useEffect(() => { if (writing) field.current?.focus(); }, [writing]);
  return (
    <section aria-label="Notes">
      <h3>Notes</h3>
      {notes.length === 0 ? <p class="muted">No note yet.</p> : (
        <ol class="notes">
          {notes.map((n) => <li key={n.id}><span class="by">{new Date(n.at).toLocaleTimeString()} {n.author}</span>{" "}{n.text}</li>)}
        </ol>
      )}
      <form aria-label="Add a note" onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const text = String(new FormData(form).get("text") ?? "").trim();
        if (!text) return;
        void act(`Note added to call #${id}`, () => ok(api.POST("/api/v1/incidents/{incident_id}/notes", {
          params: { path: { incident_id: id } }, body: { text } }))).then(() => { form.reset(); setWriting(false); });
      }}>
        <label>Note <textarea name="text" ref={field} rows={2} maxLength={2000}
          onKeyDown={(e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} /></label>
        <button type="submit">Add note</button>
      </form>
    </section>
  );
}
