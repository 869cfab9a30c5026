// Reading the stored record (a NEMSIS-shaped tree) and making chart entries from the screen.
export interface Node {
  g?: string;
  e?: string;
  v?: string | null;
  nv?: string | null;
  pn?: string | null;
  c?: Node[];
}

export interface EntryIn {
  element: string;
  value?: string | number | null;
  nv?: string;
  pn?: string;
}

/** Values of every occurrence of ``element`` under ``node``. */
export function values(node: Node | undefined, element: string): string[] {
  if (!node) return [];
  const found: string[] = node.e === element && node.v != null ? [node.v] : [];
  return found.concat(...(node.c ?? []).map((child) => values(child, element)));
}

export function first(node: Node | undefined, element: string): string {
  return values(node, element)[0] ?? "";
}

/** Every instance of group ``name`` under ``node``, in document order. */
export function groups(node: Node | undefined, name: string): Node[] {
  if (!node) return [];
  const own = node.g === name ? [node] : [];
  return own.concat(...(node.c ?? []).map((child) => groups(child, name)));
}

/** The named inputs of a form as entries; an empty input is left out, and a ticked box
 * stands for its pertinent negative ("No known drug allergies": ``data-pn``). */
export function entriesOf(form: HTMLFormElement): EntryIn[] {
  const entries: EntryIn[] = [];
  for (const field of Array.from(form.elements)) {
    const input = field as HTMLInputElement;
    const element = input.dataset.element;
    if (element && input.type === "checkbox") {
      if (input.checked && input.dataset.pn) entries.push({ element, pn: input.dataset.pn });
      continue;
    }
    if (!element || input.value.trim() === "") continue;
    const value = input.type === "datetime-local" ? new Date(input.value).toISOString() : input.value.trim();
    entries.push({ element, value });
  }
  return entries;
}

export function localTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "now" for a datetime-local input. */
export function nowInput(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

/**
 * The record as the crew left it: section entries still waiting on the device (oldest first,
 * one list per save) stand in for the values they will replace, as the server replaces each
 * element's occurrences, so a field shows its draft after a reload with no connection.
 */
export function withDrafts(report: Node | undefined, saves: EntryIn[][]): Node | undefined {
  const latest = latestDrafts(saves);
  if (latest.size === 0) return report;
  const kept = (node: Node): Node =>
    ({ ...node, c: node.c?.filter((child) => !(child.e && latest.has(child.e))).map(kept) });
  const drafts = [...latest.values()].flat()
    .map((d): Node => ({ e: d.element, v: d.value == null ? null : String(d.value), pn: d.pn ?? null }));
  return { c: report ? [...drafts, kept(report)] : drafts };
}

/** Each element's entries from the latest save naming it (a save replaces an element's values). */
function latestDrafts(saves: EntryIn[][]): Map<string, EntryIn[]> {
  const latest = new Map<string, EntryIn[]>();
  for (const entries of saves) {
    const own = new Map<string, EntryIn[]>();
    for (const entry of entries) own.set(entry.element, [...(own.get(entry.element) ?? []), entry]);
    own.forEach((list, element) => latest.set(element, list));
  }
  return latest;
}

/** A field the server says is still to chart, in crew language, with the elements it fills. */
export interface ToChart { key: string; label: string; elements: string[] }

/**
 * The server's "still to chart" list, with what the crew has charted on this device and not yet
 * sent marked ``waiting`` rather than dropped: it is not in the record until it arrives, and the
 * chart cannot be signed before, but the crew need not chart it again. An item is waiting when
 * the latest draft of each of its elements addresses the field (a value, a NOT value or a
 * pertinent negative, as the server counts it), or when ``waitingKeys`` names it (a set of
 * vitals or a signature waiting to send).
 */
export function stillToChart<T extends ToChart>(items: T[], saves: EntryIn[][], waitingKeys: Set<string>):
  (T & { waiting: boolean })[] {
  const latest = latestDrafts(saves);
  const addressed = (element: string) => (latest.get(element) ?? []).some((d) =>
    (d.value != null && String(d.value).trim() !== "") || Boolean(d.nv) || Boolean(d.pn));
  return items.map((item) => ({
    ...item, waiting: waitingKeys.has(item.key) || (latest.size > 0 && item.elements.every(addressed)),
  }));
}

/** Checklist items met by an entry waiting on the device that is not a section's fields: a set
 * of vitals, a signature (an entry the server turned down, ``conflict``, meets nothing). */
export function waitingKeys(waiting: { path: string; body: unknown; conflict?: string | null }[]): Set<string> {
  const keys = new Set<string>();
  for (const entry of waiting.filter((e) => !e.conflict)) {
    if (entry.path.endsWith("/vitals")) keys.add("vitals.first");
    if (entry.path.endsWith("/signatures")) keys.add(`signatures.${(entry.body as { signer: string }).signer}`);
  }
  return keys;
}
