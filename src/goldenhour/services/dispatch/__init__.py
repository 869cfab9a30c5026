"""Dispatch use cases: take a call, recommend units, assign, cancel, the pending queue,
and the setup (protocol, road network) decisions are made with. They load and save through
the repositories of ``ports`` only, so they run on the database or on the in-memory double."""
