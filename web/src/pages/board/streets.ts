// Street names written along the region's own roads at close zooms, read for the part of the
// map in view. A name goes at the middle of a piece of street long enough to hold it, turned
// to follow it; a label that would touch one already placed, or repeat the same name close
// by, is left out, so names never pile up. Text is set with textContent (never HTML).
import { api, ok } from "../../api/client";
import { L } from "../../widgets/map";

export const STREET_LABELS_FROM_ZOOM = 15;
const CHAR_PX = 6.4;
const SAME_NAME_APART_PX = 260;

interface Streets { items: { name: string; lines: number[][] }[] }

export interface Candidate { name: string; x: number; y: number; angle: number; width: number }
interface Box { x: number; y: number; w: number; h: number }

/** Labels that fit along their street and overlap nothing placed before them. */
export function placeLabels(candidates: readonly Candidate[], height = 14): Candidate[] {
  const placed: Candidate[] = [];
  const boxes: Box[] = [];
  for (const c of candidates) {
    const rad = (c.angle * Math.PI) / 180;
    const w = Math.abs(c.width * Math.cos(rad)) + Math.abs(height * Math.sin(rad));
    const h = Math.abs(c.width * Math.sin(rad)) + Math.abs(height * Math.cos(rad));
    const box = { x: c.x - w / 2, y: c.y - h / 2, w, h };
    const overlaps = boxes.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
    const repeated = placed.some((p) => p.name === c.name && Math.hypot(p.x - c.x, p.y - c.y) < SAME_NAME_APART_PX);
    if (overlaps || repeated) continue;
    placed.push(c);
    boxes.push(box);
  }
  return placed;
}

/** The middle of each street piece long enough on screen to hold its name, longest first. */
export function candidates(streets: Streets, toPoint: (lat: number, lon: number) => { x: number; y: number }): Candidate[] {
  const found: (Candidate & { length: number })[] = [];
  for (const street of streets.items) {
    const width = street.name.length * CHAR_PX + 6;
    for (const line of street.lines) {
      for (let i = 0; i + 3 < line.length; i += 2) {
        const a = toPoint(line[i + 1]!, line[i]!);
        const b = toPoint(line[i + 3]!, line[i + 2]!);
        const length = Math.hypot(b.x - a.x, b.y - a.y);
        if (length < width) continue;
        let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
        if (angle > 90) angle -= 180;
        if (angle < -90) angle += 180;
        found.push({ name: street.name, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, angle, width, length });
      }
    }
  }
  return found.sort((p, q) => q.length - p.length);
}

/** The map layer: re-reads and re-places the names after each move or zoom. */
export class StreetLabels extends L.Layer {
  private box: HTMLDivElement | null = null;
  private asked = 0;

  override onAdd(map: L.Map): this {
    const pane = map.getPane("streetNames") ?? map.createPane("streetNames");
    pane.style.zIndex = "450";
    pane.style.pointerEvents = "none";
    this.box = L.DomUtil.create("div", "street-names", pane) as HTMLDivElement;
    map.on("moveend", this.redraw, this);
    void this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off("moveend", this.redraw, this);
    this.box?.remove();
    this.box = null;
    return this;
  }

  private async redraw(): Promise<void> {
    const map = this._map as L.Map | undefined;
    const box = this.box;
    if (!map || !box) return;
    const ask = ++this.asked;
    if (map.getZoom() < STREET_LABELS_FROM_ZOOM) { box.replaceChildren(); return; }
    const b = map.getBounds().pad(0.1);
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
    const streets = (await ok(api.GET("/api/v1/region/streets", { params: { query: { bbox } } }))
      .catch(() => ({ items: [] }))) as unknown as Streets;
    if (ask !== this.asked || !this.box) return;
    const labels = placeLabels(candidates(streets, (lat, lon) => map.latLngToLayerPoint([lat, lon])));
    box.replaceChildren(...labels.map((c) => {
      const span = document.createElement("span");
      span.className = "street-name";
      span.textContent = c.name;
      span.style.transform = `translate(${c.x}px, ${c.y}px) translate(-50%, -50%) rotate(${c.angle}deg)`;
      return span;
    }));
  }
}
