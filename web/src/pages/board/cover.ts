// Which stations are empty (no available unit at home or posted there), and which free units
// could move up to cover one, nearest first.

export interface Covering {
  status: string;
  station: string | null;
  posted: string | null;
}

/** The stations, in order, that have no available unit at them. */
export function uncovered(stations: readonly string[], units: readonly Covering[]): string[] {
  const covered = new Set(units.filter((u) => u.status === "available").map((u) => u.posted ?? u.station));
  return stations.filter((s) => !covered.has(s));
}

interface Placed extends Covering {
  lon: number | null;
  lat: number | null;
}

/** Units that may move up (available or returning), nearest to `at` first (straight line). */
export function movable<T extends Placed>(units: readonly T[], at: { lon: number; lat: number }): T[] {
  const far = (u: T) => u.lon == null || u.lat == null ? Infinity
    : ((u.lon - at.lon) * Math.cos((at.lat * Math.PI) / 180)) ** 2 + (u.lat - at.lat) ** 2;
  return units.filter((u) => u.status === "available" || u.status === "returning")
    .sort((a, b) => far(a) - far(b));
}
