import { act, cleanup, render } from "@testing-library/preact";
import { afterEach, expect, it } from "vitest";
import { now } from "../src/lib/clock";
import { Timer } from "../src/widgets/Timer";

afterEach(cleanup);

/** The browser's IntersectionObserver as the page sees it: the test says what is on screen. */
const observed: Element[] = [];
let report: (entries: { target: Element; isIntersecting: boolean }[]) => void = () => undefined;
globalThis.IntersectionObserver = class {
  constructor(callback: typeof report) { report = callback; }
  observe(element: Element) { observed.push(element); }
  unobserve() { return undefined; }
  disconnect() { return undefined; }
} as unknown as typeof IntersectionObserver;

it("stops a timer scrolled out of view and catches it up when it is scrolled back", () => {
  now.value = Date.parse("2026-12-03T10:01:00Z");
  const { container } = render(<Timer since="2026-12-03T10:00:00Z" label="call 7 waiting" overdueAfterS={90} />);
  const timer = container.querySelector("time")!;
  expect(observed).toContain(timer);
  expect(timer.textContent).toBe("1:00");

  act(() => report([{ target: timer, isIntersecting: false }]));
  act(() => { now.value = Date.parse("2026-12-03T10:03:00Z"); });
  expect(timer.textContent).toBe("1:00");  // out of view: the tick did not reach it

  act(() => report([{ target: timer, isIntersecting: true }]));
  expect(timer.textContent).toBe("3:00 overdue");
  expect(timer.getAttribute("aria-label")).toBe("call 7 waiting 3:00, overdue");
});
