// Keys 1-9 stay bound to the same incident: a new call takes the lowest free number, and a
// number is freed only when its incident leaves the board, so "3" never jumps to another call
// while the dispatcher reaches for it.

export type Bindings = ReadonlyMap<number, number>; // incident id -> key (1-9)

export function bindNumbers(previous: Bindings, openIds: readonly number[], keys = 9): Map<number, number> {
  const open = new Set(openIds);
  const next = new Map<number, number>();
  for (const [id, key] of previous) if (open.has(id)) next.set(id, key);
  const taken = new Set(next.values());
  for (const id of openIds) {
    if (next.has(id)) continue;
    let key = 1;
    while (key <= keys && taken.has(key)) key++;
    if (key > keys) break;
    next.set(id, key);
    taken.add(key);
  }
  return next;
}

export function incidentForKey(bindings: Bindings, key: number): number | undefined {
  for (const [id, k] of bindings) if (k === key) return id;
  return undefined;
}
