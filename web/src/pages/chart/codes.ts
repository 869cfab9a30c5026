// NEMSIS v3.5.1 codes the chart offers as choices, shown by their names (facts from the data
// dictionary; the server checks every code against its element again).
export type Choice = [code: string, name: string];

export const SEX: Choice[] = [["9919001", "Female"], ["9919003", "Male"], ["9919005", "Unknown"]];
export const AGE_UNITS: Choice[] = [["2516009", "Years"], ["2516007", "Months"], ["2516001", "Days"],
  ["2516003", "Hours"], ["2516005", "Minutes"]];
export const YES_NO_UNKNOWN_INJURY: Choice[] = [["9922001", "No"], ["9922005", "Yes"],
  ["9922003", "Unknown"]];
export const ACUITY: Choice[] = [["2813001", "Critical (Red)"], ["2813003", "Emergent (Yellow)"],
  ["2813005", "Lower Acuity (Green)"], ["2813007", "Dead without Resuscitation Efforts (Black)"],
  ["2813009", "Non-Acute/Routine"]];
export const ARREST: Choice[] = [["3001001", "No"], ["3001003", "Yes, prior to EMS arrival"],
  ["3001005", "Yes, after EMS arrival"]];
export const UNIT_DISPOSITION: Choice[] = [["4227001", "Patient contact made"],
  ["4227003", "Cancelled on scene"], ["4227005", "Cancelled prior to arrival"],
  ["4227007", "No patient contact"], ["4227009", "No patient found"]];
export const CARE: Choice[] = [["4228001", "Evaluated and care provided"],
  ["4228003", "Evaluated and refused care"], ["4228005", "Evaluated, no care required"],
  ["4228007", "Refused evaluation/care"]];
export const CREW: Choice[] = [["4229001", "Initiated and continued primary care"],
  ["4229003", "Initiated care, transferred to another EMS crew"],
  ["4229005", "Supported primary EMS crew"], ["4229007", "Assumed care from another EMS crew"]];
export const TRANSPORT: Choice[] = [["4230001", "Transport by this unit"],
  ["4230005", "Transport by another unit/agency"], ["4230009", "Patient refused transport"],
  ["4230013", "No transport"]];
export const DESTINATION_TYPE: Choice[] = [["4221003", "Hospital emergency department"],
  ["4221023", "Freestanding emergency department"], ["4221005", "Hospital, non-ED bed"],
  ["4221021", "Urgent care"], ["4221001", "Home"], ["4221013", "Other"]];
export const DESTINATION_REASON: Choice[] = [["4220001", "Closest facility"],
  ["4220019", "Protocol"], ["4220021", "Regional specialty center"],
  ["4220015", "Patient's choice"], ["4220005", "Family choice"], ["4220003", "Diversion"],
  ["4220011", "On-line/on-scene medical direction"]];
export const RESPONSE: Choice[] = [["9916001", "Improved"], ["9916003", "Unchanged"],
  ["9916005", "Worse"]];
export const MED_COMPLICATION: Choice[] = [["3708031", "None"], ["3708001", "Altered mental status"],
  ["3708003", "Apnea"], ["3708019", "Hypotension"], ["3708033", "Other"]];
export const PROC_COMPLICATION: Choice[] = [["3907033", "None"], ["3907005", "Bleeding"],
  ["3907011", "Esophageal intubation (immediately)"], ["3907035", "Other"]];
export const DOSE_UNITS: Choice[] = [["3706021", "mg"], ["3706015", "mcg"], ["3706001", "g"],
  ["3706025", "mL"], ["3706005", "units"]];
export const ROUTES: Choice[] = [["9927017", "Intranasal (IN)"], ["9927023", "Intravenous (IV)"],
  ["9927021", "Intraosseous (IO)"], ["9927015", "Intramuscular (IM)"], ["9927047", "Sublingual"],
  ["9927035", "Oral"], ["9927071", "Nebulizer"]];
export const YES_NO: Choice[] = [["9923003", "Yes"], ["9923001", "No"]];
export const AVPU: Choice[] = [["3326001", "Alert"], ["3326003", "Verbal"], ["3326005", "Painful"],
  ["3326007", "Unresponsive"]];
export const NOT_SIGNED: Choice[] = [["4515023", "Unconscious"], ["4515019", "Refused"],
  ["4515013", "Mental status/impaired"], ["4515005", "Distress level"],
  ["4515021", "Transferred care, no access"]];
