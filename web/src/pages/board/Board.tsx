// The dispatch board: calls and units at a glance on the left, the map in the middle, the work
// at hand on the right (the call being taken, or the selected call and its advice), alerts on
// top and every key in the legend below. Laid out for a 1366x768 console; narrower screens stack.
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, signOut, type Schemas } from "../../api/client";
import { session } from "../../lib/session";
import { AlertsBar } from "./AlertsBar";
import { BoardMap } from "./BoardMap";
import { CallTaking } from "./CallTaking";
import { CrewAdvisories } from "./CrewAdvisories";
import { assignUnits, IncidentPanel, interceptPair, suggested, type Assignment, type Mode } from "./IncidentPanel";
import { Legend } from "./Legend";
import { incidentForKey } from "./numbers";
import { Queue } from "./Queue";
import { createBoard } from "./state";
import { UnitsBoard } from "./UnitsBoard";
import { alertsFromUnits } from "./alerts";
import { JumpTo } from "./JumpTo";
import { MoveUp } from "./MoveUp";
import { now } from "../../lib/clock";
import "./board.css";

type Advice = Schemas["RecommendationRead"];

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest("input, select, textarea");
}

export function Board() {
  const board = useMemo(() => createBoard(), []);
  const [mode, setMode] = useState<Mode>("view");
  const [advice, setAdvice] = useState<Advice | null>(null);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    board.start().catch((e: Error) => setError(e.message));
    return () => board.stop();
  }, [board]);

  // Overdue statuses and stopped positions, checked every 5 s (not on each render).
  useEffect(() => {
    const check = () => board.alerts.reconcile(
      alertsFromUnits(board.units.peek(), now.peek(), board.alertLimits.peek()?.status_limits_s ?? {}),
      ["overdue", "stale"]);
    const every = setInterval(check, 5000);
    return () => clearInterval(every);
  }, [board]);

  // Stable, so the memoised lists and map are not redrawn when the board re-renders.
  const open = useCallback((id: number) => {
    board.taking.value = false;
    board.selected.value = id;
    setMode("view");
    setAdvice(null);
  }, [board]);
  const act = async (what: string, job: () => Promise<unknown>) => {
    try {
      await job();
      setError("");
      setMessage(what);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const assign = (list: Assignment[]) => {
    const id = board.selected.peek();
    if (id !== null && list.length) {
      void act(`Assigned ${list.map((a) => a.call_sign).join(" and ")} to call #${id}`, assignUnits(id, list));
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        document.querySelector<HTMLFormElement>("form.call")?.requestSubmit();
        return;
      }
      if (e.key === "Escape") {
        if (mode !== "view") { setMode("view"); (document.activeElement as HTMLElement | null)?.blur(); }
        else if (board.taking.value) { board.taking.value = false; board.callPoint.value = null; }
        else board.selected.value = null;
        return;
      }
      if (typing(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      const selected = board.selected.value;
      if (key === "n") { e.preventDefault(); board.selected.value = null; board.taking.value = true; return; }
      if (/^[1-9]$/.test(key)) {
        const id = incidentForKey(board.keys.value, Number(key));
        if (id !== undefined) open(id);
        return;
      }
      if (key === "k") { const first = board.alerts.open.value[0]; if (first) board.alerts.acknowledge(first.key); return; }
      if (key === "s") { board.alerts.toggleMuted(); return; }
      if (key === "m") { e.preventDefault(); board.taking.value = false; setMode("moveup"); return; }
      if (key === "g") { e.preventDefault(); setMode("jump"); return; }
      if (selected === null || board.taking.value) return;
      if (key === "a") assign(suggested(advice));
      else if (key === "i") { const pair = interceptPair(advice); if (pair) assign(pair.pair); }
      else if (key === "c") { e.preventDefault(); setMode("cancel"); }
      else if (key === "t") { e.preventDefault(); setMode("retriage"); }
      else if (key === "d") { e.preventDefault(); setMode("divert"); }
      else if (key === "e") { e.preventDefault(); setMode("note"); }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [board, mode, advice]);

  const selected = board.selected.value;
  return (
    <div class="board">
      <header>
        <h1>GoldenHour dispatch</h1>
        <AlertsBar alerts={board.alerts} />
        <span class="who">{session.user?.username}</span>
        <span class={`live ${board.store.connection.value}`} role="status" aria-label="Event stream">{board.store.connection.value}</span>
        <button type="button" onClick={() => void signOut().then(() => location.reload())}>Sign out</button>
      </header>
      <main>
        <div class="left">
          <Queue board={board} onOpen={open} />
          <UnitsBoard board={board} />
        </div>
        <div class="center"><BoardMap board={board} onOpen={open} /></div>
        <aside class="work" aria-label="Work">
          <CrewAdvisories board={board} />
          <p class="message" role="status">{message}</p>
          <p class="error" role="alert">{error}</p>
          {mode === "jump" ? (
            <JumpTo board={board} onOpen={open} done={() => setMode("view")} />
          ) : mode === "moveup" ? (
            <MoveUp board={board} act={act} done={() => setMode("view")} />
          ) : board.taking.value ? (
            <CallTaking board={board} onTaken={(id) => {
              board.alerts.acknowledge(`p1:${id}`);  // this console took it: no alarm for itself
              setMessage(`Created call #${id}`);
              open(id);
            }} />
          ) : selected !== null ? (
            <IncidentPanel key={selected} board={board} id={selected} mode={mode} setMode={setMode}
              advice={advice} setAdvice={setAdvice} act={act} />
          ) : (
            <div class="idle">
              <button type="button" class="primary" onClick={() => { board.taking.value = true; }}>New call <kbd>N</kbd></button>
              <p>Or open a call from the list with its number key (<kbd>G</kbd> and its number past the ninth).</p>
              <p>{board.emptyStations.value.length
                ? `Empty stations: ${board.emptyStations.value.join(", ")}` : "Every station has an available unit."}</p>
              <button type="button" onClick={() => setMode("moveup")}>Move a unit up <kbd>M</kbd></button>
            </div>
          )}
        </aside>
      </main>
      <Legend />
    </div>
  );
}
