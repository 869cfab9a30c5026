// Past the ninth call there are no number keys left: G, then the call's number, opens it.
import { useState } from "preact/hooks";
import type { BoardState } from "./state";

export function JumpTo({ board, onOpen, done }: { board: BoardState; onOpen: (id: number) => void; done: () => void }) {
  const [problem, setProblem] = useState("");
  return (
    <form aria-label="Go to a call" onSubmit={(e) => {
      e.preventDefault();
      const id = Number(new FormData(e.currentTarget).get("call"));
      const listed = () => board.queue.peek().some((c) => c.id === id);
      if (listed()) { onOpen(id); return; }
      // A new call's alert comes with its event, the list a moment later (re-read after the
      // event): a number read off the alert may be ahead of the list, so read it again first.
      void board.incidents.refresh().then(() => {
        if (listed()) onOpen(id);
        else setProblem(`call: #${id} is not an open call on this board`);
      });
    }}>
      <h2>Go to a call</h2>
      <label>Call number <input name="call" inputMode="numeric" pattern="[0-9]+" required autoFocus autoComplete="off" /></label>
      <button type="submit" class="primary">Open</button> <button type="button" onClick={done}>Back</button>
      <p class="error" role="alert">{problem}</p>
    </form>
  );
}
