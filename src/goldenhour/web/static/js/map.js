// The region map: roads drawn from the routing graph (no tile server needed), then layers the
// page fills with units, incidents and facilities.

import { allItems, api } from "./api.js";

const L = window.L;

export async function regionMap(elementId) {
  const region = await api("GET", "/region");
  const [minLon, minLat, maxLon, maxLat] = region.bbox;
  const map = L.map(elementId, { preferCanvas: true, zoomControl: true, attributionControl: false });
  map.fitBounds([[minLat, minLon], [maxLat, maxLon]]);
  if (region.tile_url) L.tileLayer(region.tile_url, { maxZoom: 19 }).addTo(map);
  const roads = await api("GET", "/region/roads");
  const c = roads.coords;
  const lines = [];
  for (let i = 0; i < roads.segments.length; i += 2) {
    const a = roads.segments[i] * 2, b = roads.segments[i + 1] * 2;
    lines.push([[c[a + 1], c[a]], [c[b + 1], c[b]]]);
  }
  L.polyline(lines, { color: "#8a8f98", weight: 1, interactive: false }).addTo(map);
  const facilities = L.layerGroup().addTo(map);
  const drawFacilities = async () => {
    const registry = await allItems("/facilities?limit=1000");
    facilities.clearLayers();
    for (const f of registry) {
      const status = f.statuses.filter((s) => s.state !== "open")
        .map((s) => `${s.service} ${s.state}`).join(", ");
      const label = status ? `H ${f.name}: ${status}` : `H ${f.name}`;
      L.marker([f.lat, f.lon], { icon: badge(status ? `H ${status}` : "H", "facility"),
                                 title: label }).bindTooltip(asText(label)).addTo(facilities);
    }
  };
  await drawFacilities();
  return { map, region, drawFacilities };
}

const BADGE_ROW_PX = 18;

// Leaflet puts a *string* tooltip or icon into innerHTML; names people typed (a facility, a
// call sign) must never become markup, so they go in as an element holding plain text.
function asText(value) {
  const span = document.createElement("span");
  span.textContent = value;
  return span;
}

// A small labelled marker: text and shape carry the meaning, colour only repeats it.
// ``row`` stacks badges that share a spot (units at one station) one line below another,
// so every call sign stays readable. ``text`` is plain text, never HTML.
export function badge(text, kind, row = 0) {
  return L.divIcon({ className: `badge badge-${kind}`, html: asText(text),
                     iconSize: null, iconAnchor: [0, -BADGE_ROW_PX * row] });
}
