"""Delivering committed events: in this process (``in_process``) and across API workers through
PostgreSQL LISTEN/NOTIFY (``pg_fanout``)."""

# The NOTIFY channel a committing unit of work wakes every worker's fan-out on.
EVENTS_CHANNEL = "goldenhour_events"
