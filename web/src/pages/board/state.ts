// Everything the board shows, as signals fed by one live store: open calls, units with their
// positions and statuses, hospitals, the triage protocol; plus what the dispatcher selected.
import { computed, signal } from "@preact/signals";
import { api, ok, type Schemas } from "../../api/client";
import { byName } from "../../lib/labels";
import { LiveStore } from "../../lib/store";
import { AlertCenter, alertFromEvent } from "./alerts";
import { bindNumbers } from "./numbers";
import { byPriorityThenAge } from "./queue";

export type Incident = Schemas["IncidentRead"];
export type Position = Schemas["PositionRead"];
export type Unit = Schemas["UnitRead"];
export type Protocol = Schemas["ProtocolRead"];

/** A unit as the board lists it: the roster entry with its latest status and position. */
export interface BoardUnit extends Position {
  level: string | null;
  station: string | null;
  unit_type: string;
}

const INCIDENT_EVENTS = ["IncidentCreated", "IncidentTriaged", "IncidentStatusChanged", "IncidentQueued",
  "UnitAssigned", "UnitStatusChanged", "IncidentNoteAdded"];

export function createBoard(store = new LiveStore()) {
  const incidents = store.resource(
    () => ok(api.GET("/api/v1/incidents", { params: { query: { status: ["open", "pending"], limit: 1000 } } })),
    INCIDENT_EVENTS,
  );
  const roster = store.resource(() => ok(api.GET("/api/v1/units")), ["UnitLevelChanged", "UnitMovedUp"]);
  // Units report positions far more often than anything else changes: positions are re-read
  // alone (one request), at most four times a second.
  const positions = store.resource(() => ok(api.GET("/api/v1/units/positions")),
    ["UnitPositionsUpdated", "UnitStatusChanged", "UnitAssigned"], 250);
  const facilities = store.resource(() => ok(api.GET("/api/v1/facilities")), ["FacilityStatusChanged"]);
  const advisories = store.resource(() => ok(api.GET("/api/v1/advisories/crew")),
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
      return { ...p, level: u?.level_of_care ?? null, station: u?.station ?? null, unit_type: u?.unit_type ?? "" };
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

  async function start(): Promise<void> {
    void store.connect();
    const [p, t] = await Promise.all([
      ok(api.GET("/api/v1/triage/protocol")),
      ok(api.GET("/api/v1/reference/unit-status-transitions")),
      incidents.refresh(), roster.refresh(), positions.refresh(), facilities.refresh(), advisories.refresh(),
    ]);
    protocol.value = p;
    transitions.value = t;
  }

  return { store, incidents, roster, positions, facilities, advisories, protocol, transitions, selected, alerts,
           taking, callPoint, selectedUnit,
           queue, keys, units, unitsOn, start };
}

export type BoardState = ReturnType<typeof createBoard>;
