import { describe, expect, it } from "vitest";
import { coordinateCandidate } from "../src/pages/board/geocode";

describe("typed coordinates", () => {
  it.each([
    ["37.7793, -122.4193", 37.7793, -122.4193],
    ["37.7793,-122.4193", 37.7793, -122.4193],
    ["-122.4193, 37.7793", 37.7793, -122.4193],  // lon first: latitude cannot be -122
    ["39.8 -98.57", 39.8, -98.57],
  ])("%s is a point at lat %s lon %s", (text, lat, lon) => {
    expect(coordinateCandidate(text)).toMatchObject({ lat, lon, kind: "coordinates" });
  });

  it.each(["Main St / 3rd St", "100 Main St", "37.7", "95, 200", ""])("%s is not", (text) => {
    expect(coordinateCandidate(text)).toBeNull();
  });
});
