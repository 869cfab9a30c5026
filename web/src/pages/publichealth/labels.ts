// Words for the officer's page: detectors, case definitions and a signal's one-line summary.

export const DETECTORS: Record<string, string> = {
  threshold: "24-hour threshold",
  ewma: "EWMA (NSSP-ESSENCE)",
  scan: "space-time scan",
};

export const DEFINITIONS: Record<string, string> = {
  opioid_overdose: "suspected opioid overdoses",
  carbon_monoxide: "carbon monoxide exposures",
  poisoning: "poisonings or ingestions",
};

export function definitionName(id: string): string {
  return DEFINITIONS[id] ?? id.replace(/_/g, " ");
}

export interface SignalSummary {
  detector: string;
  definition: string;
  observed: number;
  expected: number | null;
  p: number | null;
}

export function summary(s: SignalSummary): string {
  const expected = s.expected === null ? "" : `, ${s.expected.toFixed(1)} expected`;
  const p = s.p === null ? "" : `, p ${s.p < 0.001 ? s.p.toExponential(1) : s.p.toFixed(3)}`;
  return `${s.observed} ${definitionName(s.definition)}${expected}${p} (${DETECTORS[s.detector] ?? s.detector})`;
}
