// The crew screen (phone or tablet): the unit's assignment with its route, the status buttons
// the timeline allows next, and destination advice once there is a patient to move.

import { api } from "./api.js";
import { connectLive } from "./live.js";
import { badge, regionMap } from "./map.js";
import { requireSignIn } from "./signin.js";

const $ = (selector) => document.querySelector(selector);
const L = window.L;
const UNIT_KEY = "goldenhour.crew.unit";
const state = { unit: null, transitions: {}, incident: null, map: null, layer: null };

function text(value) {
  const span = document.createElement("span");
  span.textContent = value ?? "";
  return span.innerHTML;
}

const label = (status) => status.replaceAll("_", " ");

async function refresh() {
  const unitId = Number(sessionStorage.getItem(UNIT_KEY));
  if (!unitId) return;
  const [assignment, positions] = await Promise.all([
    api("GET", `/units/${unitId}/assignment`), api("GET", "/units/positions"),
  ]);
  state.unit = { ...positions.items.find((p) => p.unit_id === unitId), ...assignment };
  $("#status").textContent = label(state.unit.status);
  $("#next").innerHTML = (state.transitions[state.unit.status] || []).map((next) =>
    `<button type="button" data-status="${next}">${text(label(next))}</button>`).join("");
  state.incident = assignment.incident;
  await renderAssignment();
  $("#destination").hidden = !state.incident
    || !["at_patient", "transporting", "on_scene"].includes(state.unit.status);
}

async function renderAssignment() {
  const incident = state.incident;
  state.layer.clearLayers();
  if (!incident) {
    $("#assignment").textContent = "No assignment.";
    return;
  }
  let eta = "";
  if (state.unit.lon != null) {
    const from = `${state.unit.lon},${state.unit.lat}`;
    const route = await api("GET", `/region/route?from=${from}&to=${incident.lon},${incident.lat}`);
    eta = `ETA ${Math.max(1, Math.round(route.seconds / 60))} min`;
    L.polyline(route.path.map(([lon, lat]) => [lat, lon]), { weight: 4 }).addTo(state.layer);
  }
  L.marker([incident.lat, incident.lon], { icon: badge(`P${incident.priority}`, "incident") })
    .addTo(state.layer);
  $("#assignment").innerHTML = `
    <p><strong class="priority-${incident.priority}">Priority ${incident.priority}</strong>
      · ${text(incident.dispatch_reason_name)} · ${text(incident.mode)}</p>
    <p>${text(incident.address || `${incident.lon.toFixed(5)}, ${incident.lat.toFixed(5)}`)}
      ${incident.landmark ? `(${text(incident.landmark)})` : ""} ${eta}</p>
    <p>${text(incident.complaint || "")}</p>`;
}

async function setStatus(next) {
  try {
    await api("POST", `/units/${state.unit.unit_id}/status`, { status: next });
    $("#status-error").textContent = "";
    await refresh();
  } catch (error) {
    $("#status-error").textContent = error.message;
  }
}

async function advise() {
  const findings = [...document.querySelectorAll("#findings input:checked")].map((i) => i.value);
  const age = $("#age").value ? Number($("#age").value) : null;
  try {
    const advice = await api("POST", "/destinations/recommend",
                             { findings, age_years: age, unit_id: state.unit.unit_id });
    $("#advice").innerHTML = advice.ranked.map((r) => `<li>
      <button type="button" data-facility="${r.facility_id}">Go to ${text(r.name)}</button>
      ${Math.round(r.eta_s / 60)} min ${r.extra_s ? `(+${Math.round(r.extra_s / 60)} min)` : ""}
      — ${text(r.reasons.join("; "))}</li>`).join("")
      + advice.skipped.map((s) => `<li>Skipped ${text(s.name)}: ${text(s.reason)}</li>`).join("");
    state.findings = findings;
    $("#destination-error").textContent = "";
  } catch (error) {
    $("#destination-error").textContent = error.message;
  }
}

async function choose(facilityId) {
  try {
    await api("POST", `/incidents/${state.incident.id}/destination`, {
      unit_id: state.unit.unit_id, facility_id: facilityId, findings: state.findings || [],
      destination_type: "4221003", reason: "4220019",
    });
    $("#destination-error").textContent = "Destination recorded.";
  } catch (error) {
    $("#destination-error").textContent = error.message;
  }
}

async function start() {
  await requireSignIn($("#signin"));
  $("#app").hidden = false;
  const [units, transitions, vocabulary] = await Promise.all([
    api("GET", "/units"), api("GET", "/reference/unit-status-transitions"),
    api("GET", "/reference/destination"),
  ]);
  state.transitions = transitions;
  $("#unit").innerHTML = `<option value="">choose…</option>` + units.items.map((u) =>
    `<option value="${u.id}">${text(u.call_sign)}</option>`).join("");
  $("#unit").value = sessionStorage.getItem(UNIT_KEY) || "";
  $("#unit").addEventListener("change", () => {
    sessionStorage.setItem(UNIT_KEY, $("#unit").value);
    refresh();
  });
  $("#findings").innerHTML += vocabulary.findings.map((f) =>
    `<label><input type="checkbox" value="${f}"> ${text(label(f))}</label>`).join("");
  ({ map: state.map } = await regionMap("map"));
  state.layer = L.layerGroup().addTo(state.map);
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button?.dataset.status) setStatus(button.dataset.status);
    if (button?.dataset.facility) choose(Number(button.dataset.facility));
  });
  $("#advise").addEventListener("click", advise);
  await refresh();
  let waiting = null;
  const soon = () => { clearTimeout(waiting); waiting = setTimeout(refresh, 100); };
  connectLive({ onEvent: soon, onResync: refresh,
                onStatus: (s) => { $("#live").textContent = s; } });
}

start();
