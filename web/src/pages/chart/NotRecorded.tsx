// Before signing: the elements NEMSIS wants that this chart leaves blank, which the lock will
// send as "Not Recorded" unless the crew charts them. Each is named as its field on this screen
// says it and links to that field; one with no field here is named as NEMSIS names it.
import { useEffect, useState } from "preact/hooks";

interface Item { element: string; name: string }
interface Shown { element: string; words: string; href: string | null }

/** The field on the page that documents ``element``, in the crew's words. */
function fieldOf(item: Item): Shown {
  const input = document.querySelector<HTMLElement>(`[data-element="${item.element}"]`);
  const target = input?.id ? input : input?.closest<HTMLElement>(".code-search")?.querySelector<HTMLElement>("input[id]");
  const label = target?.closest("label")?.firstChild?.textContent?.trim();
  if (target?.id && label) return { element: item.element, words: label, href: `#${target.id}` };
  if (item.element.startsWith("eVitals.")) return { element: item.element, words: `${item.name} (vital signs)`, href: "#vitals-first" };
  return { element: item.element, words: item.name, href: null };
}

export function NotRecorded({ items }: { items: Item[] }) {
  const [shown, setShown] = useState<Shown[]>([]);
  const key = items.map((i) => i.element).join();
  useEffect(() => setShown(items.map(fieldOf)), [key]); // the fields are on the page by now
  if (!items.length) return null;
  const here = shown.filter((s) => s.href);
  const elsewhere = shown.filter((s) => !s.href);
  return (
    <nav class="not-recorded" aria-label="Will be sent as Not Recorded">
      <p>Not charted yet, so the lock will send these as “Not Recorded”. Chart what you know:</p>
      <ul>{here.map((s) => <li key={s.element}><a href={s.href ?? ""}>{s.words}</a></li>)}</ul>
      {elsewhere.length > 0 && (
        <details>
          <summary>{elsewhere.length} more that NEMSIS asks for and this screen has no field for</summary>
          <ul>{elsewhere.map((s) => <li key={s.element}>{s.words} <small>{s.element}</small></li>)}</ul>
        </details>
      )}
    </nav>
  );
}
