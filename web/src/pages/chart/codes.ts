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
export const RHYTHM: Choice[] = [ // eVitals.03
  ["9901001", "Agonal/Idioventricular"], ["9901003", "Asystole"], ["9901005", "Artifact"],
  ["9901007", "Atrial Fibrillation"], ["9901009", "Atrial Flutter"],
  ["9901011", "AV Block-1st Degree"], ["9901013", "AV Block-2nd Degree-Type 1"],
  ["9901015", "AV Block-2nd Degree-Type 2"], ["9901017", "AV Block-3rd Degree"],
  ["9901019", "Junctional"], ["9901021", "Left Bundle Branch Block"],
  ["9901023", "Non-STEMI Anterior Ischemia"], ["9901025", "Non-STEMI Inferior Ischemia"],
  ["9901027", "Non-STEMI Lateral Ischemia"], ["9901029", "Non-STEMI Posterior Ischemia"],
  ["9901030", "Non-STEMI Septal Ischemia"], ["9901031", "Other"], ["9901033", "Paced Rhythm"],
  ["9901035", "PEA"], ["9901037", "Premature Atrial Contractions"],
  ["9901039", "Premature Ventricular Contractions"], ["9901041", "Right Bundle Branch Block"],
  ["9901043", "Sinus Arrhythmia"], ["9901045", "Sinus Bradycardia"], ["9901047", "Sinus Rhythm"],
  ["9901049", "Sinus Tachycardia"], ["9901051", "STEMI Anterior Ischemia"],
  ["9901053", "STEMI Inferior Ischemia"], ["9901055", "STEMI Lateral Ischemia"],
  ["9901057", "STEMI Posterior Ischemia"], ["9901058", "STEMI Septal Ischemia"],
  ["9901059", "Supraventricular Tachycardia"], ["9901061", "Torsades De Points"],
  ["9901063", "Unknown AED Non-Shockable Rhythm"], ["9901065", "Unknown AED Shockable Rhythm"],
  ["9901067", "Ventricular Fibrillation"], ["9901069", "Ventricular Tachycardia (With Pulse)"],
  ["9901071", "Ventricular Tachycardia (Pulseless)"]];
export const ECG_TYPE: Choice[] = [ // eVitals.04
  ["3304000", "2 Lead ECG (pads or paddles)"], ["3304001", "3 Lead"], ["3304003", "4 Lead"],
  ["3304005", "5 Lead"], ["3304007", "12 Lead-Left Sided (Normal)"],
  ["3304009", "12 Lead-Right Sided"], ["3304011", "15 Lead"], ["3304013", "18 Lead"],
  ["3304015", "Other"]];
export const ECG_METHOD: Choice[] = [ // eVitals.05
  ["3305001", "Computer Interpretation"], ["3305003", "Manual Interpretation"],
  ["3305005", "Transmission with No Interpretation"],
  ["3305007", "Transmission with Remote Interpretation"]];
export const STROKE_SCALE: Choice[] = [ // eVitals.30
  ["3330001", "Cincinnati Prehospital Stroke Scale (CPSS)"],
  ["3330004", "Los Angeles Prehospital Stroke Screen (LAPSS)"],
  ["3330005", "Massachusetts Stroke Scale (MSS)"],
  ["3330007", "Miami Emergency Neurologic Deficit Exam (MEND)"],
  ["3330009", "NIH Stroke Scale (NIHSS)"], ["3330011", "Other Stroke Scale Type"],
  ["3330013", "FAST"], ["3330015", "Boston Stroke Scale (BOSS)"],
  ["3330017", "Ontario Prehospital Stroke Scale (OPSS)"],
  ["3330019", "Melbourne Ambulance Stroke Screen (MASS)"],
  ["3330021", "Rapid Arterial oCclusion Evaluation (RACE)"],
  ["3330023", "Los Angeles Motor Score (LAMS)"], ["3330025", "Vision, Aphasia, Neglect (VAN)"],
  ["3330027", "FAST-ED"], ["3330029", "BEFAST"]];
export const STROKE_RESULT: Choice[] = [ // eVitals.29
  ["3329001", "Negative"], ["3329003", "Non-Conclusive"], ["3329005", "Positive"]];
// ANSI (FIPS 5-2) state codes, as ePatient.08 holds them, shown by their USPS letters
export const STATES: Choice[] = [
  ["02", "AK"], ["01", "AL"], ["05", "AR"], ["60", "AS"], ["04", "AZ"], ["06", "CA"], ["08", "CO"],
  ["09", "CT"], ["11", "DC"], ["10", "DE"], ["12", "FL"], ["13", "GA"], ["66", "GU"], ["15", "HI"],
  ["19", "IA"], ["16", "ID"], ["17", "IL"], ["18", "IN"], ["20", "KS"], ["21", "KY"], ["22", "LA"],
  ["25", "MA"], ["24", "MD"], ["23", "ME"], ["26", "MI"], ["27", "MN"], ["29", "MO"], ["69", "MP"],
  ["28", "MS"], ["30", "MT"], ["37", "NC"], ["38", "ND"], ["31", "NE"], ["33", "NH"], ["34", "NJ"],
  ["35", "NM"], ["32", "NV"], ["36", "NY"], ["39", "OH"], ["40", "OK"], ["41", "OR"], ["42", "PA"],
  ["72", "PR"], ["44", "RI"], ["45", "SC"], ["46", "SD"], ["47", "TN"], ["48", "TX"], ["49", "UT"],
  ["51", "VA"], ["78", "VI"], ["50", "VT"], ["53", "WA"], ["55", "WI"], ["54", "WV"], ["56", "WY"]];
