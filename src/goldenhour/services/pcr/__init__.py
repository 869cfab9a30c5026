"""Patient care records: open, document (vitals, medications, procedures, each checked for
scope), lock, amend, and the medical director's review of scope flags."""
