// Everything the board shows, as signals fed by one live store: open calls, units with their
// positions and statuses, hospitals, the triage protocol; plus what the dispatcher selected.
import { computed, signal } from "@preact/signals";
import { allPages, api, ok, type Schemas } from "../../api/client";
import { byName } from "../../lib/labels";
import { LiveStore } from "../../lib/store";
import { readRegion } from "../../widgets/RegionMap";
import { AlertCenter, alertFromEvent } from "./alerts";
import { bindNumbers } from "./numbers";
import { byPriorityThenAge } from "./queue";
import { uncovered } from "./cover";

export type Incident = Schemas["IncidentRead"];
export type Position = Schemas["PositionRead"];
export type Unit = Schemas["UnitRead"];
export type Protocol = Schemas["ProtocolRead"];

/** A unit as the board lists it: the roster entry with its latest status and position. */
export interface BoardUnit extends Position {
  level: string | null;
  station: string | null;
  /** The station it covers on a move-up, else null. */
  posted: string | null;
  unit_type: string;
}

const INCIDENT_EVENTS = ["IncidentCreated", "IncidentTriaged", "IncidentStatusChanged", "IncidentQueued",
  "UnitAssigned", "UnitStatusChanged"];
/** Statuses are re-read this often even when nothing is announced, so a position that stopped
 * shows as stale (the server decides with the agency's limit). */
const STALE_CHECK_MS = 30_000;

export type AlertLimits = Schemas["AlertLimitsRead"];
export interface Fix { lon: number; lat: number; at: string }

export function createBoard(store = new LiveStore()) {
  const incidents = store.resource(
    () => allPages((cursor) =>
      ok(api.GET("/api/v1/incidents", { params: { query: { status: ["open", "pending"], limit: 1000, cursor } } }))),
    INCIDENT_EVENTS,
  );
  const roster = store.resource(
    () => allPages((cursor) => ok(api.GET("/api/v1/units", { params: { query: { limit: 1000, cursor } } }))),
    ["UnitLevelChanged", "UnitMovedUp"],
  );
  const region = store.resource(readRegion, []);
  // Statuses, and whether a position is live, are re-read when a status changes. The positions
  // themselves arrive in the events (hundreds a second in a busy county): they are applied to
  // `fixes` once per animation frame and only the map's markers move (see BoardMap); no list is
  // re-rendered for a position.
  const positions = store.resource(
    () => allPages((cursor) => ok(api.GET("/api/v1/units/positions", { params: { query: { limit: 1000, cursor } } }))),
    ["UnitStatusChanged", "UnitAssigned", "UnitMovedUp"], 250);
  const fixes = new Map<number, Fix>();
  const moved = signal<ReadonlySet<number>>(new Set());
  let arriving: (Fix & { unit_id: number })[] = [];
  let frame: number | null = null;
  const applyFixes = () => {
    frame = null;
    for (const { unit_id, ...fix } of arriving) fixes.set(unit_id, fix);
    const ids = new Set(arriving.map((f) => f.unit_id));
    arriving = [];
    moved.value = ids;
    // A unit that was stale or had no position is live again: its row must say so.
    const shown = positions.data.peek()?.items ?? [];
    if (shown.some((p) => ids.has(p.unit_id) && (p.stale || p.lat == null))) void positions.refresh();
  };
  store.on("UnitPositionsUpdated", (event) => {
    arriving.push(...(event.payload.positions ?? []) as (Fix & { unit_id: number })[]);
    frame ??= requestAnimationFrame(applyFixes);
  });
  const alertLimits = signal<AlertLimits | null>(null);
  const facilities = store.resource(
    () => allPages((cursor) => ok(api.GET("/api/v1/facilities", { params: { query: { limit: 1000, cursor } } }))),
    ["FacilityStatusChanged"],
  );
  const advisories = store.resource(
    () => allPages((cursor) => ok(api.GET("/api/v1/advisories/crew", { params: { query: { cursor } } }))),
    ["CrewAdvisoryIssued", "CrewAdvisoryAcknowledged", "AdvisoryPublished"]);
  const protocol = signal<Protocol | null>(null);
  const transitions = signal<Record<string, string[]>>({});
  const selected = signal<number | null>(null);
  /** The call being taken: open or not, and where (the pin the dispatcher can drag). */
  const taking = signal(false);
  const callPoint = signal<[number, number] | null>(null);
  const selectedUnit = signal<number | null>(null);
  const alerts = new AlertCenter();
  store.on("*", (event) => {
    const alert = alertFromEvent(event);
    if (alert) alerts.raise(alert);
  });

  const queue = computed(() => [...(incidents.data.value?.items ?? [])].sort(byPriorityThenAge));
  let previousKeys = new Map<number, number>();
  const keys = computed(() => {
    previousKeys = bindNumbers(previousKeys, queue.value.map((i) => i.id));
    return previousKeys;
  });
  const units = computed<BoardUnit[]>(() => {
    const byId = new Map((roster.data.value?.items ?? []).map((u) => [u.id, u]));
    return (positions.data.value?.items ?? []).map((p) => {
      const u = byId.get(p.unit_id);
      return { ...p, level: u?.level_of_care ?? null, station: u?.station ?? null,
               posted: u?.posted_station ?? null, unit_type: u?.unit_type ?? "" };
    }).sort(byName((u) => u.call_sign));
  });
  const unitsOn = computed(() => {
    const on = new Map<number, BoardUnit[]>();
    for (const u of units.value) {
      if (u.incident_id == null) continue;
      on.set(u.incident_id, [...(on.get(u.incident_id) ?? []), u]);
    }
    return on;
  });

  const stations = computed(() => (region.data.value?.places ?? []).filter((p) => p.kind === "station")
    .sort(byName((p) => p.name)));
  /** Stations with no available unit at them (at home, or posted there on a move-up). */
  const emptyStations = computed(() => uncovered(stations.value.map((s) => s.name), units.value));

  let staleCheck: ReturnType<typeof setInterval> | undefined;
  function stop(): void {
    clearInterval(staleCheck);
    if (frame !== null) cancelAnimationFrame(frame);
    store.close();
  }

  async function start(): Promise<void> {
    void store.connect();
    staleCheck = setInterval(() => void positions.refresh(), STALE_CHECK_MS);
    const [p, t, limits] = await Promise.all([
      ok(api.GET("/api/v1/triage/protocol")),
      ok(api.GET("/api/v1/reference/unit-status-transitions")),
      ok(api.GET("/api/v1/dispatch/alert-limits")),
      incidents.refresh(), roster.refresh(), positions.refresh(), facilities.refresh(), advisories.refresh(),
      region.refresh(),
    ]);
    protocol.value = p;
    transitions.value = t;
    alertLimits.value = limits;
  }

  return { store, incidents, roster, positions, facilities, advisories, protocol, transitions, selected, alerts,
           taking, callPoint, selectedUnit, fixes, moved, alertLimits, stations, emptyStations,
           queue, keys, units, unitsOn, start, stop };
}

export type BoardState = ReturnType<typeof createBoard>;
