import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveStore, oneAtATime, type EventSourceLike, type LiveEvent } from "../src/lib/store";

class FakeSource implements EventSourceLike {
  onopen: EventSourceLike["onopen"] = null;
  onmessage: EventSourceLike["onmessage"] = null;
  onerror: EventSourceLike["onerror"] = null;
  closed = false;
  constructor(readonly url: string) {}
  open() { this.onopen?.call(this, new Event("open")); }
  send(event: Partial<LiveEvent>) {
    this.onmessage?.call(this, new MessageEvent("message", { data: JSON.stringify(event) }));
  }
  fail() { this.onerror?.call(this, new Event("error")); }
  close() { this.closed = true; }
}

function storeWithSources(onSessionEnded = () => undefined) {
  const sources: FakeSource[] = [];
  const store = new LiveStore({
    open: (url) => { const s = new FakeSource(url); sources.push(s); return s; },
    ticket: async () => `ticket-${sources.length}`,
    retryMs: 10,
    onSessionEnded,
  });
  return { store, sources };
}

const event = (id: number, name = "UnitStatusChanged"): Partial<LiveEvent> =>
  ({ id, name, at: "2026-12-03T10:00:00Z", payload: {} });

beforeEach(() => { vi.useFakeTimers(); sessionStorage.setItem("goldenhour.token", "t0k"); });
afterEach(() => { vi.useRealTimers(); sessionStorage.clear(); });

describe("the live store", () => {
  it("delivers each event once to handlers of its name and to catch-all handlers", async () => {
    const { store, sources } = storeWithSources();
    const named: number[] = [];
    const all: string[] = [];
    store.on("UnitStatusChanged", (e) => named.push(e.id));
    store.on("*", (e) => all.push(e.name));
    await store.connect();
    sources[0]!.open();
    sources[0]!.send(event(1));
    sources[0]!.send(event(2, "IncidentCreated"));
    sources[0]!.send(event(2, "IncidentCreated"));  // replayed after a reconnect: dropped
    expect(named).toEqual([1]);
    expect(all).toEqual(["UnitStatusChanged", "IncidentCreated"]);
    expect(store.connection.value).toBe("live");
  });

  it("reconnects after a drop with a fresh ticket and the last event id, then resyncs", async () => {
    const { store, sources } = storeWithSources();
    const resyncs = vi.fn();
    store.onResync(resyncs);
    await store.connect();
    sources[0]!.open();
    sources[0]!.send(event(41));
    sources[0]!.fail();
    expect(store.connection.value).toBe("reconnecting");
    expect(sources[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    const url = new URL(sources[1]!.url, "http://x");
    expect(url.searchParams.get("last_event_id")).toBe("41");
    expect(url.searchParams.get("ticket")).toBe("ticket-1");
    expect(url.searchParams.has("access_token")).toBe(false);
    expect(sources[1]!.url).not.toContain("t0k");  // the bearer token never goes in a URL
    expect(resyncs).not.toHaveBeenCalled();
    sources[1]!.open();
    expect(resyncs).toHaveBeenCalledTimes(1);
  });

  it("forgets the session and stops when the server says the session ended", async () => {
    const ended = vi.fn();
    const { store, sources } = storeWithSources(ended);
    await store.connect();
    sources[0]!.send({ name: "SessionEnded", payload: {} });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(sessionStorage.getItem("goldenhour.token")).toBeNull();
    expect(sources[0]!.closed).toBe(true);
  });

  it("re-reads a resource once for a burst of events it cares about, not for others", async () => {
    const { store, sources } = storeWithSources();
    let reads = 0;
    const units = store.resource(async () => ++reads, ["UnitStatusChanged"], 50);
    await store.connect();
    sources[0]!.open();
    for (let id = 1; id <= 5; id++) sources[0]!.send(event(id));
    sources[0]!.send(event(6, "PcrLocked"));
    await vi.advanceTimersByTimeAsync(60);
    expect(reads).toBe(1);
    expect(units.data.value).toBe(1);
  });

  it("keeps a failed read's message and the data it had", async () => {
    const { store } = storeWithSources();
    let fail = false;
    const r = store.resource(async () => { if (fail) throw new Error("database down"); return 7; }, []);
    await r.refresh();
    fail = true;
    await r.refresh();
    expect(r.data.value).toBe(7);
    expect(r.error.value).toBe("database down");
  });
});

describe("one run at a time", () => {
  it("never overlaps runs and serves calls made during a run with one more run", async () => {
    vi.useRealTimers();
    let active = 0;
    let most = 0;
    let runs = 0;
    const job = oneAtATime(async () => {
      active++;
      most = Math.max(most, active);
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      active--;
    });
    await Promise.all([job(), job(), job(), job()]);
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });
});
