import { beforeEach, describe, expect, it, vi } from "vitest";
import { AlertCenter, alertFromEvent, alertsFromUnits } from "../src/pages/board/alerts";

const at = "2026-12-03T10:00:00Z";
const event = (name: string, payload: Record<string, unknown>, id = 1) => ({ id, name, at, payload });

beforeEach(() => localStorage.clear());

describe("alerts from events", () => {
  it("raise for a new P1 only", () => {
    expect(alertFromEvent(event("IncidentCreated", { incident_id: 7, priority: 1, address: "1 Main St" }))?.text)
      .toBe("New P1 call #7 at 1 Main St");
    expect(alertFromEvent(event("IncidentCreated", { incident_id: 8, priority: 2 }))).toBeNull();
  });

  it("raise for a long offload and a hospital on diversion, not for it reopening", () => {
    expect(alertFromEvent(event("OffloadDelayed", { unit_id: 3, call_sign: "M3", incident_id: 9, waiting_s: 2400 }))?.text)
      .toBe("M3 waiting to hand over for 40:00");
    const diversion = { facility_id: 2, facility_name: "<b>Mercy</b>", service: "stemi", state: "diversion", reason: "cath lab down" };
    expect(alertFromEvent(event("FacilityStatusChanged", diversion))?.text)
      .toBe("<b>Mercy</b> on diversion for stemi: cath lab down");
    expect(alertFromEvent(event("FacilityStatusChanged", { ...diversion, state: "open" }))).toBeNull();
  });
});

describe("alerts from units", () => {
  const now = Date.parse("2026-12-03T10:20:00Z");
  it("flag a unit past its status limit and one whose position stopped", () => {
    const units = [
      { unit_id: 1, call_sign: "M1", status: "en_route", status_at: "2026-12-03T10:00:00Z", stale: false, at: at },
      { unit_id: 2, call_sign: "M2", status: "en_route", status_at: "2026-12-03T10:10:00Z", stale: false, at: at },
      { unit_id: 3, call_sign: "M3", status: "available", status_at: "2026-12-03T06:00:00Z", stale: true, at: at },
      { unit_id: 4, call_sign: "M4", status: "out_of_service", status_at: null, stale: true, at: at },
    ];
    const found = alertsFromUnits(units, now, { en_route: 15 * 60 });  // the agency's limits (GET /dispatch/alert-limits)
    expect(found.map((a) => [a.kind, a.unitId])).toEqual([["overdue", 1], ["stale", 3]]);
    expect(found[0]!.text).toBe("M1 en route for 20:00");
  });

  it("follow the console's own limits", () => {
    const units = [{ unit_id: 2, call_sign: "M2", status: "en_route", status_at: "2026-12-03T10:10:00Z", stale: false, at }];
    expect(alertsFromUnits(units, now, { en_route: 5 * 60 })).toHaveLength(1);
  });
});

describe("the alert center", () => {
  it("sounds once per new alert unless muted, and keeps an acknowledged alert quiet", () => {
    const sound = vi.fn();
    const center = new AlertCenter(sound);
    const p1 = { key: "p1:7", kind: "p1" as const, text: "New P1", at: 0 };
    center.raise(p1);
    center.raise(p1);
    expect(sound).toHaveBeenCalledTimes(1);
    center.acknowledge("p1:7");
    center.raise(p1);
    expect(center.open.value).toEqual([]);
    center.toggleMuted();
    expect(localStorage.getItem("goldenhour.board.muted")).toBe("1");
    center.raise({ ...p1, key: "p1:8" });
    expect(sound).toHaveBeenCalledTimes(1);
    expect(center.open.value.map((a) => a.key)).toEqual(["p1:8"]);
    expect(new AlertCenter(sound).muted.value).toBe(true);  // remembered by this console
  });

  it("drops a derived alert once its cause is gone and raises it again if it comes back", () => {
    const sound = vi.fn();
    const center = new AlertCenter(sound);
    const stale = { key: "stale:3:x", kind: "stale" as const, text: "M3", at: 0 };
    center.reconcile([stale], ["stale", "overdue"]);
    center.acknowledge("stale:3:x");
    center.reconcile([stale], ["stale", "overdue"]);
    expect(center.open.value).toEqual([]);
    center.reconcile([], ["stale", "overdue"]);
    center.reconcile([stale], ["stale", "overdue"]);
    expect(center.open.value.map((a) => a.key)).toEqual(["stale:3:x"]);
    expect(sound).toHaveBeenCalledTimes(2);
  });
});
