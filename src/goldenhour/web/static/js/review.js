// The medical director's review queue: each scope flag with the record context (who, what,
// when, the decision and its reasons), reviewed with an outcome and a comment.

import { api } from "./api.js";
import { connectLive } from "./live.js";
import { requireSignIn } from "./signin.js";

const $ = (selector) => document.querySelector(selector);
const OUTCOMES = ["appropriate", "education", "referred", "documentation"];

function text(value) {
  const span = document.createElement("span");
  span.textContent = value ?? "";
  return span.innerHTML;
}

async function refresh() {
  const queue = await api("GET", "/review/flags?status=open");
  $("#flags").innerHTML = queue.items.map((flag) => `
    <article class="flag-item" data-flag="${flag.id}">
      <h3><span class="flag">${text(flag.decision.replaceAll("_", " "))}</span>:
        ${text(flag.skill)} by ${text(flag.provider || `provider ${flag.provider_id}`)}</h3>
      <p>Incident #${text(flag.incident_id)} · unit ${text(flag.unit_id)} · record
        ${text(flag.record_uuid)} · at ${text(new Date(flag.performed_at).toLocaleString())}</p>
      <ul>${flag.reasons.map((r) => `<li>[${text(r.layer)}] ${text(r.detail)}</li>`).join("")}</ul>
      <form class="review-form" aria-label="Review flag ${flag.id}">
        <label>Outcome <select name="outcome">${OUTCOMES.map((o) =>
          `<option>${o}</option>`).join("")}</select></label>
        <label>Comment <textarea name="comment" required></textarea></label>
        <button type="submit">Mark reviewed</button>
      </form>
    </article>`).join("") || "No open flag.";
}

async function review(event) {
  const form = event.target.closest(".review-form");
  if (!form) return;
  event.preventDefault();
  const id = form.closest("[data-flag]").dataset.flag;
  const data = new FormData(form);
  try {
    await api("POST", `/review/flags/${id}`,
              { outcome: data.get("outcome"), comment: data.get("comment") });
    $("#review-error").textContent = "";
    await refresh();
  } catch (error) {
    $("#review-error").textContent = error.message;
  }
}

async function start() {
  await requireSignIn($("#signin"));
  $("#app").hidden = false;
  document.addEventListener("submit", review);
  await refresh();
  connectLive({
    onEvent: (event) => { if (event.name === "ScopeFlagRaised") refresh(); },
    onResync: refresh,
    onStatus: (status) => { $("#live").textContent = status; },
  });
}

start();
