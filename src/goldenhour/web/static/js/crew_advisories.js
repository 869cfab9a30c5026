// Crew advisories on the crew screen and the board: the public-health officer's approved
// advisory for the crews ("suspected fentanyl batch in Zone 3: carry extra naloxone, PPE"),
// shown live from the event stream until this unit acknowledges it. Every text is set with
// textContent, never as HTML. On the board (no unit) it lists which units acknowledged.

import { allItems, api, session } from "./api.js";
import { connectLive } from "./live.js";

const UNIT_KEY = "goldenhour.crew.unit";
const EVENTS = new Set(["CrewAdvisoryIssued", "CrewAdvisoryAcknowledged", "AdvisoryPublished"]);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function mountCrewAdvisories(root, { perUnit }) {
  let units = new Map();

  async function draw() {
    if (!session.token) return;
    let advisories;
    try {
      advisories = await allItems("/advisories/crew");
      if (!perUnit && units.size === 0) {
        units = new Map((await allItems("/units?limit=1000")).map((u) => [u.id, u.call_sign]));
      }
    } catch {
      return;  // not signed in yet, or no such right: nothing to show
    }
    const unitId = Number(sessionStorage.getItem(UNIT_KEY)) || null;
    const callSign = document.querySelector("#unit option:checked")?.textContent ?? "";
    // A crew screen shows what is for every crew, or for its own unit (scope Private).
    const forThisUnit = (a) => !perUnit || a.units.length === 0 || a.units.includes(callSign);
    const shown = advisories.filter((a) => a.msg_type !== "Cancel" && forThisUnit(a)
      && !(perUnit && unitId && a.acknowledged_by_units.includes(unitId)));
    root.replaceChildren();
    root.hidden = shown.length === 0;
    for (const a of shown) {
      const box = element("article", "crew-advisory");
      box.setAttribute("aria-label", `Crew advisory: ${a.headline}`);
      box.append(element("strong", "", a.headline), element("p", "", a.instruction));
      box.append(element("p", "muted", `Area: ${a.area}`
        + (a.units.length ? ` · for ${a.units.join(", ")}` : "")));
      if (perUnit) {
        const ack = element("button", "", "Acknowledge");
        ack.type = "button";
        ack.disabled = !unitId;
        ack.addEventListener("click", async () => {
          ack.disabled = true;
          try {
            await api("POST", `/advisories/${a.id}/acknowledge`, { unit_id: unitId });
          } catch (error) {
            box.append(element("p", "error", error.message));
          }
          draw();
        });
        box.append(ack);
      } else {
        const acked = a.acknowledged_by_units.map((id) => units.get(id) ?? `#${id}`);
        box.append(element("p", "muted",
          acked.length ? `Acknowledged by ${acked.join(", ")}` : "Not acknowledged yet"));
      }
      root.append(box);
    }
  }

  const waitForSignIn = setInterval(() => {
    if (!session.token) return;
    clearInterval(waitForSignIn);
    draw();
    connectLive({ onEvent: (event) => { if (EVENTS.has(event.name)) draw(); }, onResync: draw });
    document.addEventListener("change", (event) => { if (event.target.id === "unit") draw(); });
  }, 250);
}

const root = document.getElementById("crew-advisories");
if (root) mountCrewAdvisories(root, { perUnit: root.dataset.perUnit === "true" });
