// Refuses a front-end package under a copyleft licence (GPL, AGPL, LGPL, SSPL, EUPL) or none
// at all, in what ships to browsers and in the build tools alike (make check). Reads the
// licences npm recorded in package-lock.json, so it needs no network. A package whose manifest
// names no licence is judged by the LICENSE file it ships (a few old ones, e.g. under redoc).
import { readdirSync, readFileSync } from "node:fs";

const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|CC-BY-SA|CC-BY-NC)/i;
const PERMISSIVE_TEXT = [
  [/Permission is hereby granted, free of charge/, "MIT"],
  [/Permission to use, copy, modify, and\/or distribute/, "ISC"],
  [/Apache License[\s\S]*Version 2\.0/, "Apache-2.0"],
  [/Redistribution and use in source and binary forms/, "BSD"],
];

function licenceFile(path) {
  const dir = new URL(`../${path}/`, import.meta.url);
  try {
    const name = readdirSync(dir).find((n) => /^licen[cs]e/i.test(n));
    if (!name) return "";
    const text = readFileSync(new URL(name, dir), "utf8");
    if (COPYLEFT.test(text.slice(0, 300))) return "";
    return PERMISSIVE_TEXT.find(([pattern]) => pattern.test(text))?.[1] ?? "";
  } catch {
    return "";
  }
}

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
const refused = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  if (!path) continue;  // the project itself
  const licence = pkg.license ?? licenceFile(path);
  if (!licence || COPYLEFT.test(licence)) refused.push(`${path.replace(/^.*node_modules\//, "")}: ${licence || "no licence"}`);
}
if (refused.length) {
  console.error(`packages under a refused licence:\n  ${refused.join("\n  ")}`);
  process.exit(1);
}
console.log(`${Object.keys(lock.packages).length - 1} npm packages, none copyleft`);
