// Addresses as the call-taker types them, through the agency's own offline geocoder
// (GET /api/v1/geocode). Where the API has no geocoder yet, the board says so and the call is
// placed with a click on the map.
import { ApiError, getUntyped } from "../../api/client";

export interface Candidate {
  lon: number;
  lat: number;
  label: string;
  kind: string;
  confidence: number;
  approximate: boolean;
}

export type Lookup = { items: Candidate[] } | { unavailable: true };

/**
 * Coordinates typed as "lat, lon" (how a wireless caller's location arrives, and how people
 * read a map) as a candidate of their own; "lon, lat" is accepted where latitude could not be.
 */
export function coordinateCandidate(text: string): Candidate | null {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  let lat = Number(m[1]);
  let lon = Number(m[2]);
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90) [lat, lon] = [lon, lat];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lon, lat, label: `${lat.toFixed(5)}, ${lon.toFixed(5)} (coordinates)`, kind: "coordinates",
           confidence: 1, approximate: false };
}

export async function lookUp(q: string, limit = 6): Promise<Lookup> {
  const typed = coordinateCandidate(q);
  if (typed) return { items: [typed] };
  try {
    return await getUntyped<{ items: Candidate[] }>("/api/v1/geocode", { q, limit });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return { unavailable: true };
    throw e;
  }
}

/** The address at a point (reverse geocoding), or null where there is none or no geocoder. */
export async function addressAt(lon: number, lat: number): Promise<string | null> {
  try {
    const found = await getUntyped<{ found: { label: string } | null }>("/api/v1/geocode/reverse", { lon, lat });
    return found.found?.label ?? null;
  } catch {
    return null;
  }
}
