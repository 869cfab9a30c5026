// The dispatcher's order of work, and the check for a call already on the board.

export interface QueuedCall {
  id: number;
  priority: number;
  received_at: string;
  status: string;
  lon: number | null; // null: location unverified (no coordinates, address not found)
  lat: number | null;
  dispatch_reason: string;
  address: string | null;
}

/** Most urgent first (P1 before P2), then the longest waiting; ties by id for a stable list. */
export function byPriorityThenAge(a: QueuedCall, b: QueuedCall): number {
  return a.priority - b.priority || Date.parse(a.received_at) - Date.parse(b.received_at) || a.id - b.id;
}

const EARTH_M = 6_371_000;

/** Great-circle distance in metres (haversine). */
export function metresBetween(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const DUPLICATE_RADIUS_M = 150;
export const DUPLICATE_WINDOW_S = 30 * 60;

/**
 * Open calls that may be the same emergency as a new one: within DUPLICATE_RADIUS_M of it and
 * received in the last DUPLICATE_WINDOW_S (several callers report one crash). Nearest first.
 * A warning only: the call-taker decides, and a call is never refused for it.
 */
export function possibleDuplicates(
  at: [number, number], now: number, open: readonly QueuedCall[],
): QueuedCall[] {
  return open
    .filter((c) => c.status === "open" || c.status === "pending")
    .map((c) => ({ c, d: c.lon === null || c.lat === null ? Infinity : metresBetween(at, [c.lon, c.lat]) }))
    .filter(({ c, d }) => d <= DUPLICATE_RADIUS_M && (now - Date.parse(c.received_at)) / 1000 <= DUPLICATE_WINDOW_S)
    .sort((x, y) => x.d - y.d)
    .map(({ c }) => c);
}

/** Where a call is, as the board writes it: the typed address, else its point, else a warning. */
export function whereText(c: Pick<QueuedCall, "address" | "lon" | "lat">, digits = 4): string {
  if (c.address) return c.address;
  if (c.lon === null || c.lat === null) return "location unverified";
  return `${c.lat.toFixed(digits)}, ${c.lon.toFixed(digits)}`;
}
