// Crowded markers gathered into one count per screen cell, so a busy downtown stays readable;
// zooming in splits them again. Pure: points are already in screen pixels.

export interface ScreenPoint<T> {
  x: number;
  y: number;
  item: T;
}

export interface Cluster<T> {
  x: number;
  y: number;
  items: T[];
}

/** Groups points sharing a cell (`cellX` by `cellY` px); a group's position is its members' mean. */
export function clusterByCell<T>(points: readonly ScreenPoint<T>[], cellX: number, cellY = cellX): Cluster<T>[] {
  const cells = new Map<string, ScreenPoint<T>[]>();
  for (const p of points) {
    const key = `${Math.floor(p.x / cellX)}:${Math.floor(p.y / cellY)}`;
    const cell = cells.get(key);
    if (cell) cell.push(p);
    else cells.set(key, [p]);
  }
  return [...cells.values()].map((members) => ({
    x: members.reduce((s, p) => s + p.x, 0) / members.length,
    y: members.reduce((s, p) => s + p.y, 0) / members.length,
    items: members.map((p) => p.item),
  }));
}
