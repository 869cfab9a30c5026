"""Dispatch: the incident vocabulary (NEMSIS codes), unit recommendation, the pending queue,
re-triage of units already sent, and the dispatch events."""
