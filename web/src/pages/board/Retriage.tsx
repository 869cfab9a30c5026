// Re-triage on a call-back: change the call type or answers; the units already sent are kept
// where they still fit, and the new determinant shows at once.
import { useMemo, useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { naturalCompare } from "../../lib/labels";
import { Questions, type Answers } from "./Questions";
import type { BoardState, Incident } from "./state";

export function Retriage({ board, incident, act, done }: {
  board: BoardState;
  incident: Incident;
  act: (what: string, job: () => Promise<unknown>) => Promise<void>;
  done: () => void;
}) {
  const protocol = board.protocol.value;
  const [reason, setReason] = useState(incident.dispatch_reason);
  const [answers, setAnswers] = useState<Answers>(incident.answers as Answers);
  const questions = useMemo(() => {
    const ids = protocol?.reasons.find((r) => r.code === reason)?.questions ?? [];
    return ids.map((id) => protocol!.questions.find((q) => q.id === id)!).filter(Boolean);
  }, [protocol, reason]);
  const [current, setCurrent] = useState<string | null>(questions[0]?.id ?? null);
  const reasons = [...(protocol?.reasons ?? [])].sort((a, b) => naturalCompare(a.name, b.name));
  return (
    <form aria-label="Re-triage the call" onSubmit={(e) => {
      e.preventDefault();
      void act(`Re-triaged call #${incident.id}`, () => ok(api.POST("/api/v1/incidents/{incident_id}/triage", {
        params: { path: { incident_id: incident.id } }, body: { dispatch_reason: reason, answers } }))).then(done);
    }}>
      <label>Call type <select value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
        {reasons.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
      </select></label>
      <Questions questions={questions} answers={answers} current={current} onCurrent={setCurrent}
        onAnswer={(id, value) => {
          const next = { ...answers, [id]: value };
          setAnswers(next);
          const after = questions.slice(questions.findIndex((q) => q.id === id) + 1);
          setCurrent(after[0]?.id ?? null);
        }} />
      <button type="submit" class="primary">Re-triage</button> <button type="button" onClick={done}>Back</button>
    </form>
  );
}
