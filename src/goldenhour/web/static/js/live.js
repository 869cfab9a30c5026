// The live event stream. Remembers the last event id; after a dropped connection it reconnects
// with that id (the server replays what was missed) and asks the page to resynchronise, so no
// change is ever lost. Nothing polls: between events the page only listens.

import { api, session } from "./api.js";

export function connectLive({ onEvent, onResync, onStatus }) {
  let lastId = null;
  let source = null;
  let retry = null;
  let everOpened = false;

  // The stream is opened with a short-lived ticket, never the bearer token: URLs get logged.
  async function open() {
    let ticket;
    try {
      ({ ticket } = await api("POST", "/events/ticket"));
    } catch (error) {
      onStatus?.("reconnecting");
      if (error.status === 401) { location.reload(); return; }  // signed out: sign in again
      clearTimeout(retry);
      retry = setTimeout(open, 1000);
      return;
    }
    const params = new URLSearchParams({ ticket });
    if (lastId !== null) params.set("last_event_id", String(lastId));
    source = new EventSource(`/api/v1/events?${params}`);
    source.onopen = () => {
      onStatus?.("live");
      if (everOpened) onResync?.();
      everOpened = true;
    };
    source.onmessage = handle;
    source.onerror = () => {
      onStatus?.("reconnecting");
      source.close();
      clearTimeout(retry);
      retry = setTimeout(open, 1000);
    };
  }

  function handle(message) {
    const event = JSON.parse(message.data);
    if (event.name === "SessionEnded") {  // signed out elsewhere, deactivated or expired
      source.close();
      clearTimeout(retry);
      session.clear();
      location.reload();
      return;
    }
    if (lastId !== null && event.id <= lastId) return;
    lastId = event.id;
    onEvent?.(event);
  }

  open();
  return {
    close() { clearTimeout(retry); source?.close(); },
    get lastId() { return lastId; },
  };
}

// Wraps a page's redraw so runs never overlap: two redraws interleaving their awaits would each
// clear the map and then both draw, doubling every line. A call made while a run is under way
// waits for one more run that starts after it, so its caller still sees fresh data.
export function oneAtATime(redraw) {
  let running = null;
  let queued = null;
  return function run() {
    if (queued) return queued;
    if (!running) {
      running = redraw().finally(() => { running = null; });
      return running;
    }
    queued = running.catch(() => null).then(() => {
      queued = null;
      return run();
    });
    return queued;
  };
}
