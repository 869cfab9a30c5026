// The crew screen (phone or tablet): the unit's assignment with its route, the status buttons
// the timeline allows next, and destination advice once there is a patient to move.

import { allItems, api } from "./api.js";
import { connectLive, oneAtATime } from "./live.js";
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

const refresh = oneAtATime(async () => {
  const unitId = Number(sessionStorage.getItem(UNIT_KEY));
  if (!unitId) return;
  const [assignment, positions] = await Promise.all([
    api("GET", `/units/${unitId}/assignment`), allItems("/units/positions?limit=1000"),
  ]);
  state.unit = { ...positions.find((p) => p.unit_id === unitId), ...assignment };
  $("#status").textContent = label(state.unit.status);
  $("#next").innerHTML = (state.transitions[state.unit.status] || []).map((next) =>
    `<button type="button" data-status="${next}">${text(label(next))}</button>`).join("");
  state.incident = assignment.incident;
  await renderAssignment();
  await renderRecord();
  $("#destination").hidden = !state.incident
    || !["at_patient", "transporting", "on_scene"].includes(state.unit.status);
});

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
    L.polyline(route.path.map(([lon, lat]) => [lat, lon]), { weight: 4, renderer: L.svg() })
      .addTo(state.layer);
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

async function renderRecord() {
  $("#pcr").hidden = !state.incident;
  if (!state.incident) return;
  const records = await allItems(`/pcrs?incident_id=${state.incident.id}`);
  const mine = records.find((r) => r.unit_id === state.unit.unit_id);
  state.pcrId = mine?.id ?? null;
  $("#start-pcr").hidden = Boolean(mine);
  $("#pcr-body").hidden = !mine;
  const unit = await api("GET", `/units/${state.unit.unit_id}`);
  const crew = await Promise.all(unit.crew.map((c) => api("GET", `/providers/${c.provider_id}`)));
  const chosen = $("#performer").value;  // a refresh must not change who is recording
  $("#performer").innerHTML = crew.map((p) => `<option value="${p.id}">
    ${text(`${p.first_name} ${p.last_name}`)} (${text(p.certifications.map((c) => c.level).join(", "))})
    </option>`).join("");
  if (crew.some((p) => String(p.id) === chosen)) $("#performer").value = chosen;
}

function logLine(html) {
  $("#pcr-log").insertAdjacentHTML("afterbegin", `<li>${html}</li>`);
}

async function startRecord() {
  try {
    await api("POST", "/pcrs", { incident_id: state.incident.id, unit_id: state.unit.unit_id });
    await renderRecord();
  } catch (error) {
    $("#pcr-error").textContent = error.message;
  }
}

async function recordVitals(event) {
  event.preventDefault();
  const readings = [...new FormData(event.target).entries()]
    .filter(([, value]) => value !== "").map(([element, value]) => ({ element, value: Number(value) }));
  try {
    const saved = await api("POST", `/pcrs/${state.pcrId}/vitals`,
                            { taken_at: new Date().toISOString(), readings });
    logLine(`Vitals recorded${saved.warnings.length
      ? ` — check: ${text(saved.warnings.map((w) => w.problem).join("; "))}` : ""}`);
    event.target.reset();
    $("#pcr-error").textContent = "";
  } catch (error) {
    $("#pcr-error").textContent = error.message;
  }
}

async function recordIntervention(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const typed = form.get("skill").trim().toLowerCase();
  const skill = state.skills.find((s) => s.slug === typed || s.name.toLowerCase() === typed);
  if (!skill) {
    $("#pcr-error").textContent = `skill: unknown skill '${form.get("skill")}'`;
    return;
  }
  const kind = skill.kind === "medication" ? "medications" : "procedures";
  try {
    const saved = await api("POST", `/pcrs/${state.pcrId}/${kind}`, {
      skill: skill.slug, provider_id: Number(form.get("provider_id")),
      at: new Date().toISOString(),
    });
    const verdict = saved.flag
      ? `<span class="flag">FLAGGED for medical review: ${text(saved.decision.replaceAll("_", " "))}</span>`
      : text(saved.decision.replaceAll("_", " "));
    const why = saved.reasons.map((r) => r.detail).join("; ");
    logLine(`${text(skill.name)}: ${verdict} — ${text(why)}`);
    event.target.reset();
    $("#pcr-error").textContent = "";
  } catch (error) {
    $("#pcr-error").textContent = error.message;
  }
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
  const [me, units, transitions, vocabulary, skills] = await Promise.all([
    api("GET", "/auth/me"), allItems("/units?limit=1000"), api("GET", "/reference/unit-status-transitions"),
    api("GET", "/reference/destination"), allItems("/reference/skills?limit=1000"),
  ]);
  // A crew member's own account opens on the unit they are on; a shared tablet picks one.
  if (me.unit_id) sessionStorage.setItem(UNIT_KEY, String(me.unit_id));
  state.transitions = transitions;
  state.skills = skills;
  $("#skills").innerHTML = skills.map((s) => `<option value="${s.slug}">${text(s.name)}</option>`)
    .join("");
  $("#start-pcr").addEventListener("click", startRecord);
  $("#vitals-form").addEventListener("submit", recordVitals);
  $("#intervention-form").addEventListener("submit", recordIntervention);
  $("#unit").innerHTML = `<option value="">choose…</option>` + units.map((u) =>
    `<option value="${u.id}">${text(u.call_sign)}</option>`).join("");
  $("#unit").value = sessionStorage.getItem(UNIT_KEY) || "";
  // A shared tablet's sign-in is bound to the unit it picks: it charts only that unit's records.
  const bindUnit = async (unitId) => {
    if (me.provider_id || !unitId) return;
    try { await api("PUT", "/auth/unit", { unit_id: Number(unitId) }); } catch (error) {
      $("#live").textContent = error.message;
    }
  };
  await bindUnit($("#unit").value);
  $("#unit").addEventListener("change", async () => {
    sessionStorage.setItem(UNIT_KEY, $("#unit").value);
    await bindUnit($("#unit").value);
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
