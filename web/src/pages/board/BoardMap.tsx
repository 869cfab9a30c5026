// The board's map: the region's roads, hospitals, units (gathered into counts where crowded,
// stacked where a few share a station), calls above units (P1 on top), the pin of the call
// being taken (drag it to correct the point) and the route of the selected unit.
import { effect } from "@preact/signals";
import { memo } from "preact/compat";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { words } from "../../lib/labels";
import { badgeIcon, L } from "../../widgets/map";
import { RegionMap, type RegionMapHandle } from "../../widgets/RegionMap";
import { clusterByCell } from "./cluster";
import type { BoardState, BoardUnit } from "./state";
import { StreetLabels } from "./streets";

// A cell about one short label wide: labels in one cell would overlap, so they are stacked
// (up to STACK_UP_TO) or gathered into a count.
const CELL_PX = { x: 70, y: 40 };
const STACK_UP_TO = 3;

interface Layers {
  units: L.LayerGroup;
  incidents: L.LayerGroup;
  route: L.LayerGroup;
  stations: L.LayerGroup;
  pin: L.Marker | null;
  singles: Map<number, { marker: L.Marker; label: string; row: number }>;
  /** The calls' badges by what they show (text and place). */
  calls: Map<string, CallBadge>;
}

interface CallBadge { marker: L.Marker; ids: number[] }

/** The unit's map label (short), and its full title with the status in words. */
export function unitLabel(u: BoardUnit): string {
  return `${u.call_sign} ${u.level ?? "—"}`;
}

export function unitTitle(u: BoardUnit): string {
  return `${u.call_sign} ${u.level ?? "not staffed"} · ${words(u.status)}`;
}

/** The unit with its latest reported position (the event stream's, when newer than the read). */
function at(board: BoardState, u: BoardUnit): BoardUnit {
  const fix = board.fixes.get(u.unit_id);
  return fix && (u.at == null || Date.parse(fix.at) > Date.parse(u.at)) ? { ...u, lon: fix.lon, lat: fix.lat, at: fix.at } : u;
}

/** Memoised: the board's own re-renders (mode, advice, messages) never reach the map. */
export const BoardMap = memo(function BoardMap({ board, onOpen }: { board: BoardState; onOpen: (id: number) => void }) {
  const [handle, setHandle] = useState<RegionMapHandle | null>(null);
  const [view, setView] = useState(0);
  const layers = useRef<Layers | null>(null);

  const ready = (h: RegionMapHandle) => {
    const units = L.layerGroup();
    const incidents = L.layerGroup();
    const route = L.layerGroup().addTo(h.map);
    const stations = L.layerGroup();
    h.addOverlay("Street names", new StreetLabels());
    h.addOverlay("Empty stations", stations);
    h.addOverlay("Units", units);
    h.addOverlay("Calls", incidents);
    layers.current = { units, incidents, route, stations, pin: null, singles: new Map(), calls: new Map() };
    h.map.on("zoomend", () => setView((v) => v + 1));
    h.map.on("click", (e: L.LeafletMouseEvent) => {
      if (board.taking.value) board.callPoint.value = [e.latlng.lng, e.latlng.lat];
    });
    setHandle(h);
  };

  const facilities = board.facilities.data.value;
  useEffect(() => { if (handle && facilities) handle.drawFacilities(facilities.items); }, [handle, facilities]);

  const units = board.units.value;
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    const placed = units.map((u) => at(board, u)).filter((u) => u.lat != null && u.lon != null);
    const points = placed.map((u) => ({ ...handle.map.latLngToLayerPoint([u.lat!, u.lon!]), item: u }));
    const shown = new Set<number>();
    const counts: L.Marker[] = [];
    for (const cluster of clusterByCell(points, CELL_PX.x, CELL_PX.y)) {
      if (cluster.items.length > STACK_UP_TO) {
        const names = cluster.items.map((u) => u.call_sign).join(", ");
        const at = handle.map.layerPointToLatLng([cluster.x, cluster.y]);
        counts.push(L.marker(at, { icon: badgeIcon(`${cluster.items.length} units`, "cluster"), title: names, alt: names })
          .on("click", () => handle.map.setView(at, handle.map.getZoom() + 2)));
        continue;
      }
      cluster.items.forEach((u, row) => {
        shown.add(u.unit_id);
        const label = unitLabel(u);
        const title = unitTitle(u);
        const drawn = l.singles.get(u.unit_id);
        if (!drawn) {
          const marker = L.marker([u.lat!, u.lon!], { icon: badgeIcon(label, `unit status-${u.status}`, row), title, keyboard: false })
            .on("click", () => (board.selectedUnit.value = u.unit_id)).addTo(l.units);
          l.singles.set(u.unit_id, { marker, label: title, row });
          return;
        }
        drawn.marker.setLatLng([u.lat!, u.lon!]);
        if (drawn.label !== title || drawn.row !== row) {
          drawn.marker.setIcon(badgeIcon(label, `unit status-${u.status}`, row));
          drawn.marker.getElement()?.setAttribute("title", title);
          Object.assign(drawn, { label: title, row });
        }
      });
    }
    for (const [id, drawn] of l.singles) {
      if (!shown.has(id)) { l.units.removeLayer(drawn.marker); l.singles.delete(id); }
    }
    l.units.eachLayer((layer) => { if ((layer as L.Marker & { cluster?: boolean }).cluster) l.units.removeLayer(layer); });
    for (const marker of counts) { (marker as L.Marker & { cluster?: boolean }).cluster = true; marker.addTo(l.units); }
  }, [handle, units, view]);

  // Positions between status changes: move only the markers of the units that reported, once
  // per animation frame (no list, cluster or component is redrawn for a position).
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    return effect(() => {
      for (const id of board.moved.value) {
        const fix = board.fixes.get(id);
        const drawn = l.singles.get(id);
        if (fix && drawn) drawn.marker.setLatLng([fix.lat, fix.lon]);
      }
    });
  }, [handle]);

  const empty = board.emptyStations.value;
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    l.stations.clearLayers();
    const where = new Map(board.stations.peek().map((s) => [s.name, s]));
    for (const name of empty) {
      const s = where.get(name);
      if (!s) continue;
      L.marker([s.lat, s.lon], { icon: badgeIcon(`${name} empty`, "station-empty"), title: `${name}: no available unit`,
        keyboard: false, zIndexOffset: -1000 }).addTo(l.stations);  // under units and calls
    }
  }, [handle, empty]);

  // Calls are never hidden: crowded ones share one badge led by the most urgent ("P1 #7 +3").
  // A call whose location is not verified yet has no pin: the queue lists it, flagged. Badges
  // are kept by the calls they show and only made again when their text changes; selecting a
  // call only moves the highlight (no marker is re-created for a key press).
  const calls = board.queue.value;
  const selected = board.selected.value;
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    const located = calls.flatMap((c) => (c.lat === null || c.lon === null ? [] : [{ ...c, lat: c.lat, lon: c.lon }]));
    const points = located.map((c) => ({ ...handle.map.latLngToLayerPoint([c.lat, c.lon]), item: c }));
    const kept = new Map<string, CallBadge>();
    for (const cluster of clusterByCell(points, CELL_PX.x, CELL_PX.y / 2)) {
      const first = cluster.items.reduce((a, b) => (a.priority <= b.priority ? a : b));
      const more = cluster.items.length - 1;
      const label = `P${first.priority} #${first.id}${more ? ` +${more}` : ""}`;
      const title = cluster.items.map((c) => `P${c.priority} #${c.id} ${c.dispatch_reason_name}`).join("; ");
      const at = more ? handle.map.layerPointToLatLng([cluster.x, cluster.y]) : L.latLng(first.lat, first.lon);
      const ids = cluster.items.map((c) => c.id);
      const key = `${label}|${title}|${at.lat},${at.lng}`;
      const drawn = l.calls.get(key);
      if (drawn) {
        kept.set(key, drawn);
        l.calls.delete(key);
        continue;
      }
      const marker = L.marker(at, {
        icon: badgeIcon(label, `incident priority-${first.priority}`),
        title, zIndexOffset: 1000 + (10 - first.priority) * 100, keyboard: false,
      }).on("click", () => (more ? handle.map.setView(at, handle.map.getZoom() + 2) : onOpen(first.id)))
        .addTo(l.incidents);
      kept.set(key, { marker, ids });
    }
    for (const gone of l.calls.values()) l.incidents.removeLayer(gone.marker);
    l.calls = kept;
  }, [handle, calls, view]);
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    for (const { marker, ids } of l.calls.values()) {
      marker.getElement()?.classList.toggle("selected", selected !== null && ids.includes(selected));
    }
  }, [handle, calls, selected, view]);

  const point = board.callPoint.value;
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    if (!point) { l.pin?.remove(); l.pin = null; return; }
    if (!l.pin) {
      l.pin = L.marker([point[1], point[0]], { draggable: true, icon: badgeIcon("Call here", "pin"), title: "Call location (drag to correct)", zIndexOffset: 5000 })
        .on("dragend", () => { const p = l.pin!.getLatLng(); board.callPoint.value = [p.lng, p.lat]; })
        .addTo(handle.map);
      handle.map.panTo([point[1], point[0]]);
    } else {
      l.pin.setLatLng([point[1], point[0]]);
    }
  }, [handle, point]);

  const unitId = board.selectedUnit.value;
  useEffect(() => {
    const l = layers.current;
    if (!handle || !l) return;
    l.route.clearLayers();
    const found = board.units.peek().find((x) => x.unit_id === unitId);
    const u = found && at(board, found);
    const call = board.queue.peek().find((c) => c.id === u?.incident_id);
    if (!u || u.lat == null || u.lon == null || !call) return;
    let stale = false;
    ok(api.GET("/api/v1/region/route", { params: { query: { from: `${u.lon},${u.lat}`, to: `${call.lon},${call.lat}` } } }))
      .then((r) => {
        if (stale) return;
        const path = (r as unknown as { path: [number, number][] }).path.map(([x, y]) => [y, x] as [number, number]);
        L.polyline(path, { color: "#0b5cad", weight: 4, opacity: 0.8 }).addTo(l.route);
      }).catch(() => undefined);
    return () => { stale = true; };
  }, [handle, unitId]);

  return <RegionMap label="Map of units, calls and hospitals" onReady={ready} />;
});
