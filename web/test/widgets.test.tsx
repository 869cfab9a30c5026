import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { now } from "../src/lib/clock";
import { badgeIcon, roadLines, textLabel } from "../src/widgets/map";
import { PriorityChip } from "../src/widgets/PriorityChip";
import { StatusButtons } from "../src/widgets/StatusButtons";
import { Timer } from "../src/widgets/Timer";
import { UnitBadge } from "../src/widgets/UnitBadge";

afterEach(cleanup);
const XSS = "<img src=x onerror=alert(1)>";

describe("shared widgets", () => {
  it("names a priority in words for screen readers", () => {
    render(<PriorityChip priority={1} />);
    expect(screen.getByLabelText("Priority 1").textContent).toBe("P1");
  });

  it("shows a unit's call sign, level and status in words", () => {
    render(<UnitBadge callSign="M1" level="ALS" status="en_route" />);
    expect(screen.getByText("M1").parentElement?.textContent).toBe("M1 ALS · en route");
  });

  it("marks a timer overdue past its limit, in words", () => {
    now.value = Date.parse("2026-12-03T10:10:00Z");
    render(<Timer since="2026-12-03T10:00:00Z" overdueAfterS={300} label="on scene" />);
    expect(screen.getByLabelText("on scene 10:00, overdue")).toBeTruthy();
    cleanup();
    render(<Timer since="2026-12-03T10:09:00Z" overdueAfterS={300} label="on scene" />);
    expect(screen.getByLabelText("on scene 1:00")).toBeTruthy();
  });

  it("offers only the statuses the timeline allows next", () => {
    const choose = vi.fn();
    render(<StatusButtons current="dispatched" transitions={{ dispatched: ["en_route", "available"] }}
      onChoose={choose} />);
    const group = screen.getByRole("group", { name: "Next status after dispatched" });
    expect([...group.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["en route", "available"]);
    fireEvent.click(screen.getByRole("button", { name: "en route" }));
    expect(choose).toHaveBeenCalledWith("en_route");
  });

  it("renders a hostile name as text everywhere", () => {
    render(<UnitBadge callSign={XSS} />);
    expect(screen.getByText(XSS).querySelector("img")).toBeNull();
    const label = textLabel(XSS, "x");
    expect(label.textContent).toBe(XSS);
    expect(label.querySelector("img")).toBeNull();
    const html = badgeIcon(XSS, "facility").options.html as HTMLElement;
    expect(html.textContent).toBe(XSS);
    expect(html.children.length).toBe(0);
  });

  it("turns the compact road form into line segments", () => {
    expect(roadLines([1, 2, 3, 4, 5, 6], [0, 1, 1, 2])).toEqual([
      [[2, 1], [4, 3]],
      [[4, 3], [6, 5]],
    ]);
  });
});
