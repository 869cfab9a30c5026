// Small pieces of the chart: a choice list, a code search, a signature pad.
import { useEffect, useRef, useState } from "preact/hooks";
import { recall, remember } from "../../lib/outbox";
import { session } from "../../lib/session";
import type { Choice } from "./codes";

export function Select({ name, element, label, choices, value, required }: {
  name: string; element?: string; label: string; choices: Choice[]; value?: string; required?: boolean;
}) {
  return (
    <label>
      {label}
      {/* uncontrolled (defaultValue): a redraw while the crew types must not wipe the choice */}
      <select id={name} name={name} data-element={element} required={required} defaultValue={value ?? ""}>
        <option value="">choose…</option>
        {choices.map(([code, text]) => <option key={code} value={code}>{text}</option>)}
      </select>
    </label>
  );
}

type InputType = "text" | "number" | "date" | "datetime-local" | "search";

export function Field({ name, element, label, value, type = "text", ...rest }: {
  name: string; element?: string; label: string; value?: string; type?: InputType;
  [attribute: string]: unknown;
}) {
  return (
    <label>
      {label}
      {/* the input's type is one of InputType: the cast only spares the per-type overloads */}
      <input {...({ id: name, name, "data-element": element, type, defaultValue: value ?? "", ...rest } as unknown as { type: "text" })} />
    </label>
  );
}

export interface Found { code: string; label: string; detail?: string }

/** Ask the server; with no connection, search the whole list the device kept (``url("")``). */
export async function lookUp<T>(url: (q: string) => string, q: string, words: (item: T) => string[]): Promise<T[]> {
  try {
    const response = await fetch(url(q), { headers: { Authorization: `Bearer ${session.token ?? ""}` } });
    if (response.ok) return (await response.json()) as T[];
  } catch { /* offline: below */ }
  const all = (await recall<T[]>(url(""))) ?? [];
  const wanted = q.trim().toLowerCase();
  return all.filter((item) => words(item).some((w) => w.toLowerCase().includes(wanted))).slice(0, 20);
}

/** Keep whole lists on the device while online, so searches work with no connection. */
export async function keepLists(urls: string[]): Promise<void> {
  await Promise.all(urls.map(async (url) => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${session.token ?? ""}` } }).catch(() => null);
    if (response?.ok) await remember(url, await response.json());
  }));
}

/** Type a few letters (a code, a name, "narcan"); pick one; its code goes in the hidden input. */
export function CodeSearch({ name, element, label, url, value, shown, onPick }: {
  name: string; element?: string; label: string; url: (q: string) => string; value?: string;
  shown?: string; onPick?: (found: Found) => void;
}) {
  const [query, setQuery] = useState(shown ?? value ?? "");
  const [found, setFound] = useState<Found[]>([]);
  const [code, setCode] = useState(value ?? "");
  useEffect(() => setCode(value ?? ""), [value]);
  const search = async (q: string) => {
    setQuery(q);
    if (q.trim().length < 2) return setFound([]);
    setFound(await lookUp<Found>(url, q, (item) => [item.code, item.label]));
  };
  return (
    <div class="code-search">
      <label>
        {label}
        <input id={name} type="search" value={query} autocomplete="off" aria-label={label}
          onInput={(e) => void search((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <input type="hidden" name={name} data-element={element} value={code} />
      {found.length > 0 && (
        <ul class="found" role="listbox" aria-label={`${label}: matches`}>
          {found.map((item) => (
            <li key={item.code + item.label}>
              <button type="button" role="option" onClick={() => {
                setCode(item.code); setQuery(`${item.label} (${item.code})`); setFound([]);
                onPick?.(item);
              }}>{item.label} <small>{item.detail ?? item.code}</small></button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Several codes from one list (allergies, history, home medications, other symptoms): each
 * pick is a chip holding a hidden input, so the form sends one entry per code. */
export function CodeList({ name, element, label, url, values }: {
  name: string; element: string; label: string; url: (q: string) => string; values: string[];
}) {
  const [chosen, setChosen] = useState<Found[]>(values.map((code) => ({ code, label: code })));
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found[]>([]);
  const known = values.join("|");
  useEffect(() => {
    void recall<Found[]>(url("")).then((all) => {
      const names = new Map((all ?? []).map((item) => [item.code, item.label]));
      setChosen(values.map((code) => ({ code, label: names.get(code) ?? code })));
    });
  }, [known]); // the record's values, not the url function, decide when to read them again
  const search = async (q: string) => {
    setQuery(q);
    setFound(q.trim().length < 2 ? [] : await lookUp<Found>(url, q, (item) => [item.code, item.label]));
  };
  return (
    <div class="code-search code-list">
      <label>
        {label}
        <input id={name} type="search" value={query} autocomplete="off" aria-label={label}
          onInput={(e) => void search((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <ul class="chips" aria-label={`${label}: chosen`}>
        {chosen.map((item) => (
          <li key={item.code}>
            <input type="hidden" data-element={element} value={item.code} />
            {item.label} <small>{item.code}</small>
            <button type="button" aria-label={`Remove ${item.label}`}
              onClick={() => setChosen(chosen.filter((c) => c.code !== item.code))}>×</button>
          </li>
        ))}
      </ul>
      {found.length > 0 && (
        <ul class="found" role="listbox" aria-label={`${label}: matches`}>
          {found.map((item) => (
            <li key={item.code + item.label}>
              <button type="button" role="option" onClick={() => {
                if (!chosen.some((c) => c.code === item.code)) setChosen([...chosen, item]);
                setQuery(""); setFound([]);
              }}>{item.label} <small>{item.detail ?? item.code}</small></button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A ticked box that stands for a pertinent negative ("No known drug allergies"). */
export function NoneBox({ name, element, pn, label, checked }: {
  name: string; element: string; pn: string; label: string; checked: boolean;
}) {
  return (
    <label class="none-box">
      <input type="checkbox" id={name} data-element={element} data-pn={pn} defaultChecked={checked} /> {label}
    </label>
  );
}

/** A signature drawn with a finger or a stylus; ``onChange`` gets a PNG data URL. */
export function SignaturePad({ label, onChange }: { label: string; onChange: (png: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const pad = canvas.current;
    if (!pad) return;
    const pen = pad.getContext("2d");
    if (!pen) return;
    pen.lineWidth = 2.5; pen.lineCap = "round"; pen.strokeStyle = "#111";
    let drawing = false;
    const at = (event: PointerEvent) => {
      const box = pad.getBoundingClientRect();
      return [(event.clientX - box.left) * (pad.width / box.width),
        (event.clientY - box.top) * (pad.height / box.height)] as const;
    };
    const down = (event: PointerEvent) => { drawing = true; const [x, y] = at(event); pen.beginPath(); pen.moveTo(x, y); };
    const move = (event: PointerEvent) => { if (!drawing) return; const [x, y] = at(event); pen.lineTo(x, y); pen.stroke(); };
    const up = () => { if (drawing) { drawing = false; onChange(pad.toDataURL("image/png")); } };
    pad.addEventListener("pointerdown", down);
    pad.addEventListener("pointermove", move);
    addEventListener("pointerup", up);
    return () => { pad.removeEventListener("pointerdown", down); pad.removeEventListener("pointermove", move); removeEventListener("pointerup", up); };
  }, [onChange]);
  return <canvas ref={canvas} class="signature-pad" width={600} height={180} aria-label={label} />;
}
