import { describe, expect, it } from "vitest";
import { movable, uncovered } from "../src/pages/board/cover";
import { candidates, placeLabels } from "../src/pages/board/streets";

describe("empty stations", () => {
  const stations = ["Station 1", "Station 2", "Station 3"];
  it("count an available unit where it is posted, else at home; a busy unit covers nothing", () => {
    const units = [
      { status: "available", station: "Station 1", posted: "Station 3" },
      { status: "en_route", station: "Station 2", posted: null },
      { status: "available", station: "Station 2", posted: null },
    ];
    expect(uncovered(stations, units)).toEqual(["Station 1"]);
    expect(uncovered(stations, units.slice(0, 2))).toEqual(["Station 1", "Station 2"]);
  });

  it("offer the free units nearest the station first, never one on a call", () => {
    const at = { lon: 0, lat: 0 };
    const units = [
      { status: "available", station: "A", posted: null, lon: 0.05, lat: 0 },
      { status: "on_scene", station: "B", posted: null, lon: 0.001, lat: 0 },
      { status: "returning", station: "C", posted: null, lon: 0.01, lat: 0 },
      { status: "available", station: "D", posted: null, lon: null, lat: null },
    ];
    expect(movable(units, at).map((u) => u.station)).toEqual(["C", "A", "D"]);
  });
});

describe("street names", () => {
  const flat = (lat: number, lon: number) => ({ x: lon, y: -lat });
  it("go only on pieces long enough to hold the name, upright, longest first", () => {
    const streets = { items: [
      { name: "Oak Ave", lines: [[0, 0, 0, 200], [0, 200, 0, 210]] },
      { name: "1st St", lines: [[0, 0, 300, 0]] },
    ] };
    const found = candidates(streets, flat);
    expect(found.map((c) => c.name)).toEqual(["1st St", "Oak Ave"]);
    for (const c of found) expect(Math.abs(c.angle)).toBeLessThanOrEqual(90);
  });

  it("never overlap and never repeat a name close by", () => {
    const same = { name: "Main St", angle: 0, width: 50 };
    const placed = placeLabels([
      { ...same, x: 0, y: 0 }, { ...same, x: 100, y: 0 }, { ...same, x: 400, y: 0 },
      { name: "Elm Ave", angle: 0, width: 50, x: 10, y: 5 }, { name: "Elm Ave", angle: 90, width: 50, x: 200, y: 0 },
    ]);
    expect(placed.map((c) => [c.name, c.x])).toEqual([["Main St", 0], ["Main St", 400], ["Elm Ave", 200]]);
  });
});
