"""Destinations and transport: the facility registry, destination advice and the
crew's choice, pre-arrival notices, transfer of care and offload delays."""
