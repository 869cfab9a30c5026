// The dispatch board: take a call, see the ranked units, assign with one click, and watch the
// units move through their timeline. Every change arrives on the event stream; the board
// re-reads what an event touched, and resynchronises fully after a dropped connection.

import { api, session } from "./api.js";
import { connectLive, oneAtATime } from "./live.js";
import { badge, regionMap } from "./map.js";
import { requireSignIn } from "./signin.js";

const $ = (selector) => document.querySelector(selector);
const L = window.L;
const state = { incidents: [], pending: [], units: new Map(), selected: null, protocol: null };
const layers = {};

function text(value) {
  const span = document.createElement("span");
  span.textContent = value ?? "";
  return span.innerHTML;
}

function minutes(seconds) {
  return Number.isFinite(seconds) ? `${Math.max(1, Math.round(seconds / 60))} min` : "no route";
}

async function loadProtocol() {
  state.protocol = await api("GET", "/triage/protocol");
  $("#reason").innerHTML = state.protocol.reasons
    .map((r) => `<option value="${r.code}">${text(r.name)}</option>`).join("");
  $("#reason").addEventListener("change", renderQuestions);
  renderQuestions();
}

function renderQuestions() {
  const reason = state.protocol.reasons.find((r) => r.code === $("#reason").value);
  const byId = Object.fromEntries(state.protocol.questions.map((q) => [q.id, q]));
  $("#questions").innerHTML = (reason?.questions || []).map((id) => {
    const q = byId[id];
    if (q.type === "boolean") {
      return `<label>${text(q.label)} <select name="q:${q.id}" data-type="boolean">
        <option value="">unknown</option><option value="true">yes</option>
        <option value="false">no</option></select></label>`;
    }
    if (q.choices.length) {
      return `<label>${text(q.label)} <select name="q:${q.id}"><option value="">unknown</option>
        ${q.choices.map((c) => `<option>${text(c)}</option>`).join("")}</select></label>`;
    }
    return `<label>${text(q.label)} <input name="q:${q.id}" data-type="${q.type}"></label>`;
  }).join("");
}

async function takeCall(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const answers = {};
  for (const [key, value] of form.entries()) {
    if (!key.startsWith("q:") || value === "") continue;
    const input = event.target.elements[key];
    const type = input.dataset.type;
    answers[key.slice(2)] = type === "boolean" ? value === "true"
      : type === "integer" ? Number(value) : value;
  }
  const body = {
    dispatch_reason: form.get("dispatch_reason"),
    location: { lon: Number(form.get("lon")), lat: Number(form.get("lat")) },
    address: form.get("address") || null, callback: form.get("callback") || null,
    complaint: form.get("complaint") || null, answers,
  };
  try {
    const incident = await api("POST", "/incidents", body);
    $("#call-error").textContent = "";
    event.target.reset();
    renderQuestions();
    await refresh();
    select(incident.id);
  } catch (error) {
    $("#call-error").textContent = error.message;
  }
}

// The latest position (and staleness) of every known unit, then the tables and map again.
function placeUnits(positions) {
  for (const p of positions.items) Object.assign(state.units.get(p.unit_id) || {}, p);
  render();
}

const refresh = oneAtATime(async () => {
  const [open, pending, units, positions] = await Promise.all([
    api("GET", "/incidents?status=open&status=pending"), api("GET", "/pending"),
    api("GET", "/units"), api("GET", "/units/positions"),
  ]);
  state.incidents = open.items;
  state.pending = pending.items;
  state.units = new Map(units.items.map((u) => [u.id, { ...u }]));
  placeUnits(positions);
  if (state.selected) await renderIncident(state.selected);
});

function incidentRow(incident, index) {
  const key = index < 9 ? `<kbd>${index + 1}</kbd> ` : "";
  return `<tr data-incident="${incident.id}"><td>${key}<button type="button">#${incident.id}</button></td>
    <td class="priority-${incident.priority}">P${incident.priority}</td>
    <td>${text(incident.dispatch_reason_name)}</td><td>${text(incident.status)}</td></tr>`;
}

function render() {
  $("#pending tbody").innerHTML = state.pending.map(incidentRow).join("")
    || "<tr><td>No call is waiting.</td></tr>";
  $("#incidents tbody").innerHTML = state.incidents.map(incidentRow).join("")
    || "<tr><td>No open incident.</td></tr>";
  $("#units tbody").innerHTML = [...state.units.values()].map((u) => `
    <tr data-unit="${u.id}"><td>${text(u.call_sign)}</td><td>${text(u.level_of_care || "not staffed")}</td>
    <td class="status">${text((u.status || "available").replaceAll("_", " "))}</td>
    <td>${u.lat == null ? "no position" : u.stale ? "stale position" : "live"}</td></tr>`).join("");
  drawMarkers();
}

const unitMarkers = new Map();  // unit id -> { marker, key }: moved in place, not rebuilt

function drawMarkers() {
  const atSpot = new Map();  // units at one station would hide each other's labels
  const shown = new Set();
  for (const u of state.units.values()) {
    if (u.lat == null) continue;
    const spot = `${u.lat.toFixed(5)},${u.lon.toFixed(5)}`;
    const row = atSpot.get(spot) ?? 0;
    atSpot.set(spot, row + 1);
    const label = `${u.call_sign} ${u.level_of_care || "—"} · ${(u.status || "").replace("_", " ")}`;
    const key = `${label}|${row}`;
    const drawn = unitMarkers.get(u.id);
    if (!drawn) {
      const marker = L.marker([u.lat, u.lon], { icon: badge(label, "unit", row), title: label })
        .addTo(layers.units);
      unitMarkers.set(u.id, { marker, key });
    } else {
      drawn.marker.setLatLng([u.lat, u.lon]);
      if (drawn.key !== key) {
        drawn.marker.setIcon(badge(label, "unit", row));
        drawn.marker.getElement()?.setAttribute("title", label);
        drawn.key = key;
      }
    }
    shown.add(u.id);
  }
  for (const [id, drawn] of unitMarkers) {
    if (!shown.has(id)) {
      layers.units.removeLayer(drawn.marker);
      unitMarkers.delete(id);
    }
  }
  layers.incidents.clearLayers();
  for (const i of state.incidents) {
    const label = `P${i.priority} #${i.id}`;
    L.marker([i.lat, i.lon], { icon: badge(label, "incident"), title: label })
      .on("click", () => select(i.id)).addTo(layers.incidents);
  }
}

async function select(id) {
  state.selected = id;
  await renderIncident(id);
}

async function renderIncident(id) {
  const [incident, advice] = await Promise.all([
    api("GET", `/incidents/${id}`), api("GET", `/incidents/${id}/recommendations`),
  ]);
  $("#incident-panel").hidden = false;
  $("#h-incident").textContent = `Incident #${incident.id}`;
  const assigned = incident.assignments.filter((a) => !a.cleared_at)
    .map((a) => `${text(state.units.get(a.unit_id)?.call_sign || a.unit_id)} (${text(a.role)})`);
  $("#incident-detail").innerHTML = `
    <p><strong class="priority-${incident.priority}">Priority ${incident.priority}</strong>
      · ${text(incident.dispatch_reason_name)} · needs ${text(incident.level)} · ${text(incident.mode)}</p>
    <p>${text(incident.address || `${incident.lon.toFixed(5)}, ${incident.lat.toFixed(5)}`)}
      ${incident.complaint ? `— ${text(incident.complaint)}` : ""}</p>
    <p>Plan: ${text(incident.plan)} · Assigned: ${assigned.join(", ") || "none"}</p>`;
  state.suggestions = advice.suggestions;
  $("#recommendations").innerHTML = advice.roles.map((role) => `
    <div class="role"><h4>${text(role.role.name)}</h4>
      <table>${role.candidates.map((c) => `
        <tr><td><button type="button" data-assign="${c.unit_id}" data-role="${text(role.role.name)}">
          Assign ${text(c.call_sign)}</button></td><td>${minutes(c.eta_s)}</td><td>${text(c.level)}</td>
          <td>${text(c.reasons.join("; "))}</td></tr>`).join("") || "<tr><td>No fitting unit.</td></tr>"}
      </table>
      ${role.excluded.length ? `<details><summary>${role.excluded.length} excluded</summary><ul>
        ${role.excluded.map((x) => `<li>${text(x.call_sign)}: ${text(x.why.replaceAll("_", " "))}
          — ${text(x.detail)}</li>`).join("")}</ul></details>` : ""}
      ${role.intercept ? `<p>Intercept: ${text(role.intercept.reason)}</p>` : ""}
    </div>`).join("") + (advice.unfilled.length
      ? `<p>Unfilled: ${text(advice.unfilled.join(", "))}</p>` : "");
}

async function assign(unitId, role) {
  try {
    await api("POST", `/incidents/${state.selected}/assignments`, { unit_id: unitId, role });
    $("#assign-error").textContent = "";
    await refresh();
  } catch (error) {
    $("#assign-error").textContent = error.message;
  }
}

function wire(map) {
  $("#call-form").addEventListener("submit", takeCall);
  map.on("click", (event) => {
    $("#lon").value = event.latlng.lng.toFixed(6);
    $("#lat").value = event.latlng.lat.toFixed(6);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const row = event.target.closest("[data-incident]");
    if (button?.dataset.assign) assign(Number(button.dataset.assign), button.dataset.role);
    else if (row) select(Number(row.dataset.incident));
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "n" || event.key === "N") { event.preventDefault(); $("#reason").focus(); }
    if (event.key === "Escape") { state.selected = null; $("#incident-panel").hidden = true; }
    if ((event.key === "a" || event.key === "A") && state.suggestions?.length) {
      const first = state.suggestions[0];
      assign(first.unit_id, first.role);
    }
    if (/^[1-9]$/.test(event.key) && state.incidents[Number(event.key) - 1]) {
      select(state.incidents[Number(event.key) - 1].id);
    }
  });
  $("#signout").addEventListener("click", async () => {
    await api("POST", "/auth/logout").catch(() => null);
    session.clear();
    location.reload();
  });
}

let pending = null;
function scheduleRefresh() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 100);
}

// Units report positions far more often than anything else changes: a position-only event
// re-reads the positions alone (one request, not four), and the open incident's ETAs at most
// every RECOMMEND_EVERY_MS, so many boards on a busy county do not multiply the server's work.
const RECOMMEND_EVERY_MS = 10_000;
let recommendedAt = 0;
const refreshPositions = oneAtATime(async () => {
  placeUnits(await api("GET", "/units/positions"));
  if (state.selected && Date.now() - recommendedAt > RECOMMEND_EVERY_MS) {
    recommendedAt = Date.now();
    await renderIncident(state.selected);
  }
});
let moving = null;
function schedulePositions() {
  clearTimeout(moving);
  moving = setTimeout(refreshPositions, 250);
}

async function start() {
  const user = await requireSignIn($("#signin"));
  $("#app").hidden = false;
  $("#who").textContent = `${user.username} (${user.roles.join(", ")})`;
  const { map, drawFacilities } = await regionMap("map");
  layers.units = L.layerGroup().addTo(map);
  layers.incidents = L.layerGroup().addTo(map);
  wire(map);
  await loadProtocol();
  await refresh();
  connectLive({
    onEvent: (event) => {
      if (event.name === "UnitPositionsUpdated") return schedulePositions();
      if (event.name === "FacilityStatusChanged") drawFacilities();
      return scheduleRefresh();
    },
    onResync: refresh,
    onStatus: (status) => { $("#live").textContent = status; },
  });
}

start();
