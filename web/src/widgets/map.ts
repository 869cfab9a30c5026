// Leaflet helpers every map uses. Labels are DOM nodes filled with textContent, never HTML
// strings, so a facility or unit name typed by anyone shows as text.
import L from "leaflet";
import "leaflet/dist/leaflet.css";

export { L };

const BADGE_ROW_PX = 18;

/** A text element: `kind` picks its look; colour only repeats what the text says. */
export function textLabel(text: string, className: string): HTMLElement {
  const span = document.createElement("span");
  span.className = className;
  span.textContent = text;
  return span;
}

/**
 * A small labelled marker icon. `row` stacks badges that share a spot (units at one station)
 * one line below another, so every call sign stays readable.
 */
export function badgeIcon(text: string, kind: string, row = 0): L.DivIcon {
  return L.divIcon({
    className: `badge badge-${kind}`,
    html: textLabel(text, "badge-text"),
    iconSize: undefined,
    iconAnchor: [0, -BADGE_ROW_PX * row],
  });
}

/** Road segments as Leaflet lines from the API's compact form (flat lon,lat and node pairs). */
export function roadLines(coords: number[], segments: number[]): L.LatLngExpression[][] {
  const lines: L.LatLngExpression[][] = [];
  for (let i = 0; i + 1 < segments.length; i += 2) {
    const a = segments[i]! * 2;
    const b = segments[i + 1]! * 2;
    lines.push([
      [coords[a + 1]!, coords[a]!],
      [coords[b + 1]!, coords[b]!],
    ]);
  }
  return lines;
}
