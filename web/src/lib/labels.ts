// Words for codes: the screen shows "en route", never "en_route".

/** A snake_case code as words ("first_response_and_transport" -> "first response and transport"). */
export function words(code: string | null | undefined): string {
  return (code ?? "").replaceAll("_", " ").trim();
}

/** Sorts unit names as people count: M2 before M10 ("natural" order), case-insensitive. */
export const naturalCompare = new Intl.Collator("en", { numeric: true, sensitivity: "base" })
  .compare;

export function byName<T>(name: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => naturalCompare(name(a), name(b));
}
