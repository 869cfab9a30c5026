// The live event stream. Remembers the last event id; after a dropped connection it reconnects
// with that id (the server replays what was missed) and asks the page to resynchronise, so no
// change is ever lost. Nothing polls: between events the page only listens.

import { session } from "./api.js";

export function connectLive({ onEvent, onResync, onStatus }) {
  let lastId = null;
  let source = null;
  let retry = null;
  let everOpened = false;

  function open() {
    const params = new URLSearchParams({ access_token: session.token || "" });
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
