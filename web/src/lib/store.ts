// One store per page, fed by the agency's event stream (server-sent events).
//
// The stream remembers the last event id; after a dropped connection it reconnects with that id,
// the server replays what was missed, and every resource is re-read once (a resync), so no
// change is lost. Between events nothing polls. A resource is a signal holding what one API read
// returned, re-read (debounced, never two reads at once) when an event it cares about arrives.
import { signal, type Signal } from "@preact/signals";
import { ApiError, api, ok } from "../api/client";
import { session } from "./session";

export interface LiveEvent {
  id: number;
  name: string;
  at: string;
  payload: Record<string, unknown>;
}

export type Connection = "connecting" | "live" | "reconnecting";
type Handler = (event: LiveEvent) => void;

/** What the store needs of EventSource (a test passes its own). */
export interface EventSourceLike {
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null;
  onmessage: ((this: EventSourceLike, ev: MessageEvent) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null;
  close(): void;
}

export interface Resource<T> {
  data: Signal<T | undefined>;
  error: Signal<string | null>;
  /** Re-read now; resolves with fresh data even when a read was already under way. */
  refresh(): Promise<void>;
}

export interface StoreOptions {
  open?: (url: string) => EventSourceLike;
  /** A short-lived stream ticket (POST /events/ticket); the bearer token never goes in a URL. */
  ticket?: () => Promise<string>;
  retryMs?: number;
  onSessionEnded?: () => void;
}

export class LiveStore {
  readonly connection = signal<Connection>("connecting");
  lastId: number | null = null;
  private handlers = new Map<string, Set<Handler>>();
  private resyncs = new Set<() => void>();
  private source: EventSourceLike | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private everOpened = false;
  private readonly options: Required<StoreOptions>;

  constructor(options: StoreOptions = {}) {
    this.options = {
      open: options.open ?? ((url) => new EventSource(url) as unknown as EventSourceLike),
      ticket: options.ticket ?? streamTicket,
      retryMs: options.retryMs ?? 1000,
      onSessionEnded: options.onSessionEnded ?? (() => location.reload()),
    };
  }

  /** Call `handler` for each event named `name` ("*": every event); returns an unsubscribe. */
  on(name: string, handler: Handler): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler);
    this.handlers.set(name, set);
    return () => set.delete(handler);
  }

  /** Call `handler` after a dropped connection came back (events may have been missed). */
  onResync(handler: () => void): () => void {
    this.resyncs.add(handler);
    return () => this.resyncs.delete(handler);
  }

  /** A signal holding `load()`'s answer, re-read when one of `events` arrives. */
  resource<T>(load: () => Promise<T>, events: string[], debounceMs = 100): Resource<T> {
    const data = signal<T | undefined>(undefined);
    const error = signal<string | null>(null);
    const refresh = oneAtATime(async () => {
      try {
        data.value = await load();
        error.value = null;
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e);
      }
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), debounceMs);
    };
    for (const name of events) this.on(name, soon);
    this.onResync(() => void refresh());
    return { data, error, refresh };
  }

  /** Deliver one event to its handlers, once (replays after a reconnect may repeat ids). */
  dispatch(event: LiveEvent): void {
    if (this.lastId !== null && event.id <= this.lastId) return;
    this.lastId = event.id;
    for (const key of [event.name, "*"]) {
      for (const handler of this.handlers.get(key) ?? []) handler(event);
    }
  }

  async connect(): Promise<void> {
    let ticket: string;
    try {
      ticket = await this.options.ticket();
    } catch (error) {
      this.connection.value = "reconnecting";
      if (error instanceof ApiError && error.status === 401) {  // signed out: sign in again
        this.options.onSessionEnded();
        return;
      }
      clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.connect(), this.options.retryMs);
      return;
    }
    const params = new URLSearchParams({ ticket });
    if (this.lastId !== null) params.set("last_event_id", String(this.lastId));
    const source = this.options.open(`/api/v1/events?${params}`);
    this.source = source;
    source.onopen = () => {
      this.connection.value = "live";
      if (this.everOpened) for (const handler of this.resyncs) handler();
      this.everOpened = true;
    };
    source.onmessage = (message: MessageEvent) => {
      const event = JSON.parse(String(message.data)) as LiveEvent;
      if (event.name === "SessionEnded") {  // signed out elsewhere, deactivated or expired
        this.close();
        session.clear();
        this.options.onSessionEnded();
        return;
      }
      this.dispatch(event);
    };
    source.onerror = () => {
      this.connection.value = "reconnecting";
      source.close();
      clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.connect(), this.options.retryMs);
    };
  }

  close(): void {
    clearTimeout(this.retry);
    this.source?.close();
  }
}

/**
 * Wraps an async job so runs never overlap: a call made while a run is under way waits for one
 * more run that starts after it, so its caller still sees fresh data, and many calls made
 * during one run share that single next run.
 */
export function oneAtATime(job: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const run = (): Promise<void> => {
    if (queued) return queued;
    if (!running) {
      running = job().finally(() => {
        running = null;
      });
      return running;
    }
    queued = running.catch(() => null).then(() => {
      queued = null;
      return run();
    });
    return queued;
  };
  return run;
}

async function streamTicket(): Promise<string> {
  return (await ok(api.POST("/api/v1/events/ticket"))).ticket;
}
