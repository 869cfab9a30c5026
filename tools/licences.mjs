// Refuses a front-end package under a copyleft licence (GPL, AGPL, LGPL, SSPL, EUPL) or none
// at all, in what ships to browsers and in the build tools alike (make check). Reads the
// licences npm recorded in package-lock.json, so it needs no network.
import { readFileSync } from "node:fs";

const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|CC-BY-SA|CC-BY-NC)/i;
const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
const refused = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  if (!path) continue;  // the project itself
  const licence = pkg.license ?? "";
  if (!licence || COPYLEFT.test(licence)) refused.push(`${path.replace(/^.*node_modules\//, "")}: ${licence || "no licence"}`);
}
if (refused.length) {
  console.error(`packages under a refused licence:\n  ${refused.join("\n  ")}`);
  process.exit(1);
}
console.log(`${Object.keys(lock.packages).length - 1} npm packages, none copyleft`);
