// The region map every page shares: the region's own roads (no tile server needed, or the
// configured tiles), its named places, and the hospitals with their service status; the page
// adds its own layers (units, incidents, routes) through `onReady`.
import { useEffect, useRef } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { badgeIcon, L, roadLines, textLabel } from "./map";

export interface RegionMapHandle {
  map: L.Map;
  /** Adds a layer the dispatcher can switch on and off in the map's layer control. */
  addOverlay(name: string, layer: L.Layer, shown?: boolean): void;
  drawFacilities(items: Schemas["FacilityRead"][]): void;
}

/** GET /region (its answer has no schema in the OpenAPI document yet). */
export interface RegionInfo {
  name: string;
  bbox: [number, number, number, number];
  places: { kind: string; id: string; name: string; lon: number; lat: number }[];
  tile_url: string | null;
}

let regionRead: Promise<RegionInfo> | null = null;

/** GET /region, once per page (the region does not change while a page is open): the page's
 * state and its map share one request. A failed read is tried again next time. */
export function readRegion(): Promise<RegionInfo> {
  regionRead ??= (ok(api.GET("/api/v1/region")) as Promise<unknown> as Promise<RegionInfo>)
    .catch((error: unknown) => { regionRead = null; throw error; });
  return regionRead;
}

/** Words for a facility's services that are not open ("ed diversion"), or "". */
export function facilityStatus(facility: Schemas["FacilityRead"]): string {
  return facility.statuses
    .filter((s) => s.state !== "open")
    .map((s) => `${s.service} ${s.state}`)
    .join(", ");
}

export function RegionMap({ label, onReady }: {
  label: string;
  onReady: (handle: RegionMapHandle) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const map = L.map(element.current, { preferCanvas: true, attributionControl: false, zoomSnap: 0.25 });
    const control = L.control.layers(undefined, undefined, { collapsed: true }).addTo(map);
    const facilities = L.layerGroup().addTo(map);
    const places = L.layerGroup();
    let cancelled = false;
    // The page's layout may settle after the map is made (grid, fonts): follow the box's size.
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(element.current);
    const handle: RegionMapHandle = {
      map,
      addOverlay(name, layer, shown = true) {
        if (shown) layer.addTo(map);
        control.addOverlay(layer, name);
      },
      drawFacilities(items) {
        facilities.clearLayers();
        for (const f of items) {
          const status = facilityStatus(f);
          const name = status ? `${f.name}: ${status}` : f.name;
          L.marker([f.lat, f.lon], {
            icon: badgeIcon(status ? `H ${status}` : "H", status ? "facility-alert" : "facility"),
            title: name,
            alt: name,
            keyboard: false,
          })
            .bindTooltip(textLabel(name, "tooltip-text"))
            .addTo(facilities);
        }
      },
    };
    // The roads (the biggest read) are asked for at once, beside the region; the page's own
    // layers (units, calls) are drawn as soon as the region is known, the roads under them when
    // they arrive.
    const roadsRead = ok(api.GET("/api/v1/region/roads")) as Promise<unknown> as Promise<{
      coords: number[];
      segments: number[];
    }>;
    roadsRead.catch(() => undefined);  // read below; no region, no roads: the notice says why
    (async () => {
      let region: RegionInfo;
      try {
        region = await readRegion();
      } catch (error) {  // a new agency with no road network: say so and what to do, no blank map
        if (!cancelled) showProblem(map, error instanceof Error ? error.message : String(error));
        return;
      }
      if (cancelled) return;
      const [minLon, minLat, maxLon, maxLat] = region.bbox;
      map.fitBounds([[minLat, minLon], [maxLat, maxLon]]);
      if (region.tile_url) L.tileLayer(region.tile_url, { maxZoom: 19 }).addTo(map);
      for (const place of region.places) {
        if (place.kind !== "place") continue;
        L.marker([place.lat, place.lon], {
          icon: badgeIcon(place.name, "place"), interactive: false, keyboard: false,
        }).addTo(places);
      }
      handle.addOverlay("Place names", places);
      control.addOverlay(facilities, "Hospitals");
      onReady(handle);
      const roads = await roadsRead;
      if (cancelled) return;
      const roadLayer = L.polyline(roadLines(roads.coords, roads.segments), {
        color: "#8a8f98", weight: 1, interactive: false,
      });
      handle.addOverlay("Roads", roadLayer);
      roadLayer.bringToBack();
      map.fitBounds(roadLayer.getBounds(), { padding: [8, 8] });  // the roads, not the margin around them
    })().catch(() => undefined);  // no roads: the region's places, units and calls still show
    return () => {
      cancelled = true;
      resize.disconnect();
      map.remove();
    };
  }, []);
  return <div class="map" ref={element} role="region" aria-label={label} />;
}

/** A notice on the map itself (text, never HTML) when the region cannot be shown. */
function showProblem(map: L.Map, message: string): void {
  const notice = new L.Control({ position: "topleft" });
  notice.onAdd = () => {
    const text = L.DomUtil.create("p", "map-problem");
    text.setAttribute("role", "alert");
    text.textContent = `No road map: ${message}. Dispatch still takes calls; an administrator `
      + "adds the county's roads, then this page is reloaded.";
    return text;
  };
  notice.addTo(map);
}
