// The key questions one at a time, in protocol order, each with its help text; answered ones
// stay listed above and can be changed. Used to take a call and to re-triage one.
import { useEffect, useRef } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { words } from "../../lib/labels";

export type Question = Schemas["QuestionRead"];
export type Answers = Record<string, boolean | number | string | null>;

export function show(answer: boolean | number | string | null | undefined): string {
  if (answer === true) return "yes";
  if (answer === false) return "no";
  if (answer === null || answer === undefined) return "unknown";
  return words(String(answer));
}

export function Questions({ questions, answers, onAnswer, current, onCurrent }: {
  questions: Question[];
  answers: Answers;
  onAnswer: (id: string, value: boolean | number | string | null) => void;
  current: string | null;
  onCurrent: (id: string | null) => void;
}) {
  const asking = questions.find((q) => q.id === current);
  const index = asking ? questions.indexOf(asking) : questions.length;
  return (
    <div class="questions">
      <ol class="answered" aria-label="Answers so far">
        {questions.slice(0, index).map((q) => (
          <li key={q.id}>
            <button type="button" class="link" onClick={() => onCurrent(q.id)}
              aria-label={`Change answer: ${q.label} ${show(answers[q.id])}`}>
              {q.label} <strong>{show(answers[q.id])}</strong>
            </button>
          </li>
        ))}
      </ol>
      {asking ? (
        <Ask key={asking.id} question={asking} value={answers[asking.id]} step={index + 1} of={questions.length}
          onAnswer={(value) => onAnswer(asking.id, value)} />
      ) : (
        questions.length > 0 && <p class="done">All {questions.length} questions asked.</p>
      )}
    </div>
  );
}

function Ask({ question, value, step, of, onAnswer }: {
  question: Question;
  value: boolean | number | string | null | undefined;
  step: number;
  of: number;
  onAnswer: (value: boolean | number | string | null) => void;
}) {
  const first = useRef<HTMLButtonElement & HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const choices: [string, boolean | string | null][] = question.type === "boolean"
    ? [["Yes", true], ["No", false]]
    : question.choices.map((c) => [words(c), c]);
  return (
    <fieldset class="ask">
      <legend>
        <span class="step">Question {step} of {of}</span> {question.label}
      </legend>
      {question.help && <p class="help">{question.help}</p>}
      {question.type === "integer" ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          const raw = new FormData(e.currentTarget).get("value");
          onAnswer(raw === "" || raw === null ? null : Number(raw));
        }}>
          <label>Answer <input ref={first} name="value" type="number" min={question.minimum ?? undefined}
            max={question.maximum ?? undefined} defaultValue={value == null ? "" : String(value)} /></label>
          <button type="submit">Next</button>
        </form>
      ) : (
        <div class="choices">
          {choices.map(([label, answer], i) => (
            <button type="button" key={label} ref={i === 0 ? first : undefined}
              aria-pressed={value === answer} onClick={() => onAnswer(answer)}>{label}</button>
          ))}
        </div>
      )}
      <button type="button" class="link" onClick={() => onAnswer(null)}>Unknown, next question</button>
    </fieldset>
  );
}
