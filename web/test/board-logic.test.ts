import { describe, expect, it } from "vitest";
import { clusterByCell } from "../src/pages/board/cluster";
import { bindNumbers, incidentForKey } from "../src/pages/board/numbers";
import {
  byPriorityThenAge, DUPLICATE_RADIUS_M, metresBetween, possibleDuplicates, type QueuedCall, whereText,
} from "../src/pages/board/queue";

const call = (id: number, priority: number, received_at: string, lon = 0, lat = 0, status = "open"): QueuedCall =>
  ({ id, priority, received_at, status, lon, lat, dispatch_reason: "2301021", address: null });

describe("number keys", () => {
  it("keep their incident while new calls arrive and old ones close", () => {
    let keys = bindNumbers(new Map(), [10, 11, 12]);
    expect([...keys]).toEqual([[10, 1], [11, 2], [12, 3]]);
    keys = bindNumbers(keys, [13, 10, 12]);  // 11 closed, a P1 (13) arrives first in the queue
    expect(keys.get(10)).toBe(1);
    expect(keys.get(12)).toBe(3);
    expect(keys.get(13)).toBe(2);  // the freed number
    expect(incidentForKey(keys, 2)).toBe(13);
    expect(incidentForKey(keys, 9)).toBeUndefined();
  });

  it("run out after nine and never bind two incidents to one key", () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const keys = bindNumbers(new Map(), ids);
    expect(keys.size).toBe(9);
    expect(new Set(keys.values()).size).toBe(9);
  });
});

describe("the queue", () => {
  it("puts the most urgent first, then the longest waiting", () => {
    const calls = [
      call(1, 3, "2026-12-03T10:00:00Z"), call(2, 1, "2026-12-03T10:05:00Z"),
      call(3, 1, "2026-12-03T10:01:00Z"), call(4, 2, "2026-12-03T09:00:00Z"),
    ];
    expect(calls.sort(byPriorityThenAge).map((c) => c.id)).toEqual([3, 2, 4, 1]);
  });

  it("measures distance on the earth (1 degree of latitude is about 111 km)", () => {
    expect(metresBetween([0, 0], [0, 1])).toBeCloseTo(111_195, -2);
    expect(metresBetween([-122.4, 37.7], [-122.4, 37.7])).toBe(0);
  });

  it("warns of a call nearby and recent, not of one far away, old or closed", () => {
    const now = Date.parse("2026-12-03T10:30:00Z");
    const near = 0.0009;  // ~100 m of latitude
    const open = [
      call(1, 2, "2026-12-03T10:20:00Z", 0, near),
      call(2, 2, "2026-12-03T10:20:00Z", 0, 0.01),            // ~1.1 km away
      call(3, 2, "2026-12-03T09:00:00Z", 0, 0),               // 90 minutes ago
      call(4, 2, "2026-12-03T10:25:00Z", 0, 0, "cancelled"),
      call(5, 1, "2026-12-03T10:29:00Z", 0, near / 3),
    ];
    expect(possibleDuplicates([0, 0], now, open).map((c) => c.id)).toEqual([5, 1]);
    expect(DUPLICATE_RADIUS_M).toBeGreaterThan(100);
  });

  it("says where a call is: its address, its point, or that its location is unverified", () => {
    const unverified = { ...call(6, 1, "2026-12-03T10:29:00Z"), lon: null, lat: null };
    expect(possibleDuplicates([0, 0], Date.parse("2026-12-03T10:30:00Z"), [unverified])).toEqual([]);
    expect(whereText(unverified)).toBe("location unverified");
    expect(whereText({ ...unverified, address: "500 17th Av" })).toBe("500 17th Av");
    expect(whereText(call(7, 1, "2026-12-03T10:29:00Z", -122.41, 37.77))).toBe("37.7700, -122.4100");
  });
});

describe("clustering", () => {
  it("gathers points sharing a cell and keeps lone ones apart", () => {
    const points = [
      { x: 5, y: 5, item: "a" }, { x: 30, y: 10, item: "b" }, { x: 200, y: 5, item: "c" },
    ];
    const clusters = clusterByCell(points, 40);
    expect(clusters.map((c) => c.items)).toEqual([["a", "b"], ["c"]]);
    expect(clusters[0]).toMatchObject({ x: 17.5, y: 7.5 });
  });
});
