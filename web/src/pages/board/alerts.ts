// What must catch the dispatcher's eye and ear: a new P1, a unit too long in a status, a unit
// whose position stopped, an offload past the threshold, a hospital going on diversion. Alerts
// stay until acknowledged; sound can be muted per console (this browser), never the banner.
import { signal } from "@preact/signals";
import type { LiveEvent } from "../../lib/store";
import { elapsed, secondsSince } from "../../lib/clock";
import { words } from "../../lib/labels";

export type AlertKind = "p1" | "overdue" | "stale" | "offload" | "diversion";

export interface Alert {
  key: string;
  kind: AlertKind;
  text: string;
  at: number;
  incidentId?: number;
  unitId?: number;
}

export interface UnitState {
  unit_id: number;
  call_sign: string;
  status: string;
  status_at?: string | null;
  stale: boolean;
  at: string | null;
}

/** The alert an event raises by itself, if any. */
export function alertFromEvent(event: LiveEvent): Alert | null {
  const p = event.payload;
  const at = Date.parse(event.at);
  if (event.name === "IncidentCreated" && p.priority === 1) {
    const where = typeof p.address === "string" && p.address ? ` at ${p.address}` : "";
    return { key: `p1:${p.incident_id}`, kind: "p1", at, incidentId: Number(p.incident_id),
             text: `New P1 call #${p.incident_id}${where}` };
  }
  if (event.name === "OffloadDelayed") {
    return { key: `offload:${p.unit_id}:${p.incident_id}`, kind: "offload", at, unitId: Number(p.unit_id),
             text: `${p.call_sign} waiting to hand over for ${elapsed(Number(p.waiting_s))}` };
  }
  if (event.name === "FacilityStatusChanged" && p.state === "diversion") {
    return { key: `diversion:${p.facility_id}:${p.service}:${event.id}`, kind: "diversion", at,
             text: `${p.facility_name} on diversion for ${words(String(p.service))}${p.reason ? `: ${p.reason}` : ""}` };
  }
  return null;
}

/** Alerts the units' state raises now: too long in a status, or a position that stopped. */
export function alertsFromUnits(units: readonly UnitState[], now: number, limits: Record<string, number>): Alert[] {
  const found: Alert[] = [];
  for (const u of units) {
    const limit = limits[u.status];
    if (limit !== undefined && u.status_at) {
      const inStatus = secondsSince(u.status_at, now);
      if (inStatus > limit) {
        found.push({ key: `overdue:${u.unit_id}:${u.status}:${u.status_at}`, kind: "overdue", at: now,
                     unitId: u.unit_id, text: `${u.call_sign} ${words(u.status)} for ${elapsed(inStatus)}` });
      }
    }
    if (u.stale && u.at && u.status !== "out_of_service") {
      found.push({ key: `stale:${u.unit_id}:${u.at}`, kind: "stale", at: now, unitId: u.unit_id,
                   text: `${u.call_sign}: no position since ${new Date(u.at).toLocaleTimeString()}` });
    }
  }
  return found;
}

const MUTED_KEY = "goldenhour.board.muted";

/** The console's open alerts, what was acknowledged, and whether it sounds. */
export class AlertCenter {
  readonly open = signal<Alert[]>([]);
  readonly muted = signal(localStorage.getItem(MUTED_KEY) === "1");
  private acknowledged = new Set<string>();

  constructor(private readonly sound: () => void = beep) {}

  raise(alert: Alert): void {
    if (this.acknowledged.has(alert.key) || this.open.value.some((a) => a.key === alert.key)) return;
    this.open.value = [...this.open.value, alert];
    if (!this.muted.value) this.sound();
  }

  /** Alerts of `kinds` derived from state: new ones raised, cleared ones dropped. */
  reconcile(current: readonly Alert[], kinds: readonly AlertKind[]): void {
    const keys = new Set(current.map((a) => a.key));
    const kept = this.open.value.filter((a) => !kinds.includes(a.kind) || keys.has(a.key));
    if (kept.length !== this.open.value.length) this.open.value = kept;
    for (const key of [...this.acknowledged]) {
      if (kinds.some((k) => key.startsWith(`${k}:`)) && !keys.has(key)) this.acknowledged.delete(key);
    }
    for (const alert of current) this.raise(alert);
  }

  acknowledge(key: string): void {
    this.acknowledged.add(key);
    this.open.value = this.open.value.filter((a) => a.key !== key);
  }

  toggleMuted(): void {
    this.muted.value = !this.muted.value;
    localStorage.setItem(MUTED_KEY, this.muted.value ? "1" : "0");
  }
}

let audio: AudioContext | null = null;

/** Two short tones (Web Audio: no sound file to load). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, hz] of [[0, 880], [0.25, 660]] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.value = 0.2;
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.18);
    }
  } catch {
    // no audio device: the banner still shows
  }
}
