"""Dispatch: the incident vocabulary (NEMSIS codes), the records dispatch keeps (incident,
unit, assignment, time), unit recommendation, the assignment rules, the pending queue,
re-triage of units already sent, and the dispatch events."""
