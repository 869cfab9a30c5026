"""Dispatch use cases: take a call, recommend units, assign, cancel, the pending queue,
and the setup (protocol, road network) decisions are made with."""
