// The crew device's outbox: every chart entry is kept in IndexedDB the moment it is made and
// sent in the order it was made, each with the idempotency key it was given then. An entry
// leaves the outbox only when the server has answered it: applied (2xx, also when it was
// applied before and the answer was lost: the key makes the resend harmless) or refused
// (4xx: kept as a conflict for the crew to see, never dropped). With no connection the outbox
// waits and tries again when the browser says it is back online.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { session } from "./session";
import { oneAtATime } from "./store";

export interface Entry {
  seq?: number;
  key: string; // idempotency key, made on the device
  method: "POST" | "PUT";
  path: string; // "/api/v1/pcrs/{pcr}/vitals"; "{pcr}" resolves a record created offline
  pcr: string; // the server id, or "local:<key of its create entry>"
  body: unknown;
  label: string; // what the crew made, in their words
  made_at: string;
  conflict?: string; // the server's refusal
}

interface Shape extends DBSchema {
  outbox: { key: number; value: Entry };
  records: { key: string; value: { pcr: string; id: number } }; // local create key -> server id
  cache: { key: string; value: { url: string; data: unknown } }; // last server reads
}

let opened: Promise<IDBPDatabase<Shape>> | null = null;

function db(): Promise<IDBPDatabase<Shape>> {
  opened ??= openDB<Shape>("goldenhour-crew", 1, {
    upgrade(database) {
      database.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      database.createObjectStore("records", { keyPath: "pcr" });
      database.createObjectStore("cache", { keyPath: "url" });
    },
  });
  return opened;
}

export function newKey(): string {
  return `${crypto.randomUUID()}`;
}

/** Keep an entry on the device (resolves once it is written) and start sending it. */
export async function enqueue(entry: Omit<Entry, "made_at">): Promise<void> {
  await (await db()).add("outbox", { ...entry, made_at: new Date().toISOString() });
  changed(); // "waiting to send" from the moment it is kept
  void flush();
}

export async function pending(): Promise<Entry[]> {
  return (await db()).getAll("outbox");
}

export async function dismiss(seq: number): Promise<void> {
  await (await db()).delete("outbox", seq);
  changed();
}

/** The server id of a record, also of one created offline once its create has been sent. */
export async function serverId(pcr: string): Promise<number | null> {
  if (!pcr.startsWith("local:")) return Number(pcr);
  return (await (await db()).get("records", pcr))?.id ?? null;
}

export async function remember(url: string, data: unknown): Promise<void> {
  await (await db()).put("cache", { url, data });
}

export async function recall<T>(url: string): Promise<T | null> {
  return ((await (await db()).get("cache", url))?.data as T | undefined) ?? null;
}

const listeners = new Set<() => void>();
export function onChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function changed(): void {
  listeners.forEach((listener) => listener());
}

/**
 * Send what waits, oldest first; stop at the first entry the network could not carry. A flush
 * asked for while one is under way runs again after it: the running one read the outbox
 * before the newer entry was kept, and its caller awaits that entry's answer.
 */
export const flush = oneAtATime(() => send().finally(changed));

async function send(): Promise<void> {
  const database = await db();
  for (const entry of await database.getAll("outbox")) {
    if (entry.conflict) continue;
    const id = await serverId(entry.pcr);
    if (id === null && entry.pcr.startsWith("local:") && !entry.path.endsWith("/pcrs")) return;
    let response: Response;
    try {
      response = await fetch(entry.path.replace("{pcr}", String(id)), {
        method: entry.method,
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": entry.key,
          Authorization: `Bearer ${session.token ?? ""}`,
        },
        body: JSON.stringify(entry.body),
      });
    } catch {
      return; // no connection: try again when it is back
    }
    if (response.status >= 500 || response.status === 401) return; // not this entry's fault
    const answer = (await response.json().catch(() => ({}))) as { id?: number; detail?: string };
    if (response.ok) {
      if (entry.path.endsWith("/pcrs") && answer.id !== undefined) {
        await database.put("records", { pcr: `local:${entry.key}`, id: answer.id });
      }
      await database.delete("outbox", entry.seq as number);
    } else {
      await database.put("outbox", { ...entry, conflict: answer.detail ?? `HTTP ${response.status}` });
    }
    changed();
  }
}

addEventListener("online", () => void flush());
setInterval(() => void flush(), 15_000);
