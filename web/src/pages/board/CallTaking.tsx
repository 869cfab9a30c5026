// Taking a call: the address first (candidates from the geocoder as the dispatcher types, the
// chosen point pinned on the map), the callback number, the call type, then the key questions
// one at a time with the determinant and the pre-arrival instructions updating as answers come.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, ok, type Schemas } from "../../api/client";
import { now } from "../../lib/clock";
import { naturalCompare } from "../../lib/labels";
import { PriorityChip } from "../../widgets/PriorityChip";
import { lookUp, type Candidate } from "./geocode";
import { possibleDuplicates } from "./queue";
import { Questions, type Answers } from "./Questions";
import type { BoardState } from "./state";

type Preview = Schemas["TriagePreviewRead"];
const EMERGENCY_RESPONSE = "2205001"; // NEMSIS eResponse.05: 911 response (scene)

export function CallTaking({ board, onTaken }: { board: BoardState; onTaken: (id: number) => void }) {
  const protocol = board.protocol.value;
  const [address, setAddress] = useState("");
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [geocoder, setGeocoder] = useState<"ready" | "unavailable" | "none-found">("ready");
  const [reason, setReason] = useState("");
  const [answers, setAnswers] = useState<Answers>({});
  const [current, setCurrent] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState("");
  const addressInput = useRef<HTMLInputElement>(null);
  useEffect(() => addressInput.current?.focus(), []);

  // Candidates as the dispatcher types (a quarter second after the last key).
  useEffect(() => {
    if (address.trim().length < 3) return setCandidates([]);
    const timer = setTimeout(async () => {
      const found = await lookUp(address).catch(() => ({ items: [] }));
      if ("unavailable" in found) return setGeocoder("unavailable");
      setCandidates(found.items);
      setGeocoder(found.items.length ? "ready" : "none-found");
    }, 250);
    return () => clearTimeout(timer);
  }, [address]);

  const reasons = useMemo(
    () => [...(protocol?.reasons ?? [])].sort((a, b) => naturalCompare(a.name, b.name)), [protocol]);
  const questions = useMemo(() => {
    const ids = protocol?.reasons.find((r) => r.code === reason)?.questions ?? [];
    return ids.map((id) => protocol!.questions.find((q) => q.id === id)!).filter(Boolean);
  }, [protocol, reason]);

  // The determinant and instructions for the answers so far.
  useEffect(() => {
    if (!reason) return setPreview(null);
    let stale = false;
    ok(api.POST("/api/v1/triage/preview", { body: { dispatch_reason: reason, answers } }))
      .then((p) => !stale && (setPreview(p), setError("")))
      .catch((e: Error) => !stale && setError(e.message));
    return () => { stale = true; };
  }, [reason, answers]);

  const choose = (c: Candidate) => {
    setAddress(c.label);
    board.callPoint.value = [c.lon, c.lat];
    setCandidates([]);
  };
  const chooseReason = (code: string) => {
    setReason(code);
    setAnswers({});
    const ids = protocol?.reasons.find((r) => r.code === code)?.questions ?? [];
    setCurrent(ids[0] ?? null);
  };
  const answer = (id: string, value: boolean | number | string | null) => {
    const next = { ...answers, [id]: value };
    setAnswers(next);
    const after = questions.slice(questions.findIndex((q) => q.id === id) + 1);
    setCurrent(after.find((q) => !(q.id in next))?.id ?? null);
  };

  const point = board.callPoint.value;
  const duplicates = point ? possibleDuplicates(point, now.value, board.queue.value) : [];

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    if (!point) return setError("location: choose an address or click the map to place the call");
    if (!reason) return setError("call type: choose what the call is about");
    try {
      const incident = await ok(api.POST("/api/v1/incidents", { body: {
        location: { lon: point[0], lat: point[1] }, dispatch_reason: reason, answers,
        type_of_service: EMERGENCY_RESPONSE,
        address: address || null, callback: String(form.get("callback") || "") || null,
        complaint: String(form.get("complaint") || "") || null,
      } }));
      board.callPoint.value = null;
      onTaken(incident.id);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <form class="call" aria-label="New call" onSubmit={submit}>
      <h2>New call</h2>
      <div class="address">
        <label>Address <input ref={addressInput} name="address" value={address} autocomplete="off"
          role="combobox" aria-expanded={candidates.length > 0} aria-controls="candidates"
          onInput={(e) => setAddress(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === "Enter" && candidates[0]) { e.preventDefault(); choose(candidates[0]); } }} /></label>
        {candidates.length > 0 && (
          <ul id="candidates" role="listbox" aria-label="Address candidates">
            {candidates.map((c) => (
              <li key={`${c.lon},${c.lat}`} role="option" aria-selected={false} tabIndex={0}
                onClick={() => choose(c)} onKeyDown={(e) => e.key === "Enter" && choose(c)}>
                {c.label}{c.approximate && <span class="muted"> (approximate)</span>}
              </li>
            ))}
          </ul>
        )}
        <p class="hint" role="status">
          {point ? `Placed at ${point[1].toFixed(5)}, ${point[0].toFixed(5)}: drag the pin to correct it.`
            : geocoder === "unavailable" ? "No geocoder on this server: click the map to place the call."
            : geocoder === "none-found" ? "No address found: check the spelling, or click the map."
            : "Type the address, or click the map."}
        </p>
      </div>
      {duplicates.length > 0 && (
        <div class="duplicate" role="alert">
          Possible duplicate: {duplicates.map((d) => `#${d.id} ${d.address ?? ""} (P${d.priority})`).join("; ")}
        </div>
      )}
      <label>Callback number <input name="callback" type="tel" autocomplete="off" /></label>
      <label>Call type <select name="reason" value={reason} onChange={(e) => chooseReason(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {reasons.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
      </select></label>
      {preview && (
        <p class="determinant" aria-label="Determinant" role="status">
          <PriorityChip priority={preview.priority} /> {preview.level} · {preview.mode.replace("_", "-")}
          <span class="why"> {preview.why}</span>
        </p>
      )}
      <Questions questions={questions} answers={answers} onAnswer={answer} current={current} onCurrent={setCurrent} />
      {preview?.instructions.map((i) => (
        <section key={i.id} class="instruction" aria-label="Pre-arrival instructions">
          <h3>Tell the caller: {i.text}</h3>
          <ol>{i.steps.map((s) => <li key={s}>{s}</li>)}</ol>
          <p class="source">Source: {i.source.title}</p>
        </section>
      ))}
      <label>Complaint <input name="complaint" autocomplete="off" /></label>
      <button type="submit" class="primary">Create incident <kbd>Ctrl</kbd>+<kbd>Enter</kbd></button>
      <p class="error" role="alert">{error}</p>
    </form>
  );
}
